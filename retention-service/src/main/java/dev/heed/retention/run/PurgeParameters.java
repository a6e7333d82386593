package dev.heed.retention.run;

/**
 * The parameters of a PURGE directive (the SDK's {@code Purge} view reads them). The cutoff
 * follows from the clock alone: data whose anchor lies before it is past retention; only the
 * system knows each record's anchor (when a contract ended, when a record was last used).
 */
final class PurgeParameters {

    static final String POLICY_ID = "policyId";
    static final String POLICY_VERSION = "policyVersion";
    static final String RUN_ID = "runId";
    static final String ANCHOR = "anchor";
    static final String RETAIN_FOR = "retainFor";
    static final String ACTION = "action";
    static final String CUTOFF = "cutoff";
    static final String HELD_SUBJECT_KEYS = "heldSubjectKeys";
    static final String HELD_CUSTOMER_IDS = "heldCustomerIds";
    /** The ids of the holds behind the held subjects, as in an erasure's parameters. */
    static final String LEGAL_HOLDS = "legalHolds";

    private PurgeParameters() {
    }
}
