package dev.heed.retention.run;

/**
 * The parameters of a PURGE directive (the SDK's {@code Purge} view reads them). The cutoff
 * follows from the clock alone: data whose anchor lies before it is past retention; only the
 * system knows each record's anchor (when a contract ended, when a record was last used).
 */
public final class PurgeParameters {

    public static final String POLICY_ID = "policyId";
    public static final String POLICY_VERSION = "policyVersion";
    public static final String RUN_ID = "runId";
    public static final String ANCHOR = "anchor";
    public static final String RETAIN_FOR = "retainFor";
    public static final String ACTION = "action";
    public static final String CUTOFF = "cutoff";
    public static final String HELD_SUBJECT_KEYS = "heldSubjectKeys";
    public static final String HELD_CUSTOMER_IDS = "heldCustomerIds";
    /** The ids of the holds behind the held subjects, as in an erasure's parameters. */
    public static final String LEGAL_HOLDS = "legalHolds";

    private PurgeParameters() {
    }
}
