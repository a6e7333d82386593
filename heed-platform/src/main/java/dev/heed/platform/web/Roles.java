package dev.heed.platform.web;

/** The roles of DESIGN.md's security section, as they appear in a token's {@code groups} claim. */
public final class Roles {

    public static final String PRIVACY_ADMIN = "privacy-admin";
    /** Runs data-subject requests. */
    public static final String PRIVACY_OPERATOR = "privacy-operator";
    /** Records and checks consent on a customer's behalf. */
    public static final String SUPPORT_AGENT = "support-agent";
    /** Reads the audit log. */
    public static final String AUDITOR = "auditor";
    /** A downstream system; its system id is in the token's {@code system_id} claim. */
    public static final String SYSTEM = "system";

    private Roles() {
    }
}
