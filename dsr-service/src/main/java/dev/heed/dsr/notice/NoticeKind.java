package dev.heed.dsr.notice;

/** What a notice tells the requester; each kind has one template per language. */
public enum NoticeKind {
    VERIFICATION_CODE("verification-code"),
    REQUEST_RECEIVED("request-received"),
    REQUEST_VERIFIED("request-verified"),
    REQUEST_EXTENDED("request-extended"),
    REQUEST_COMPLETED("request-completed"),
    REQUEST_PARTIALLY_COMPLETED("request-partially-completed"),
    PACKAGE_READY("package-ready");

    private final String template;

    NoticeKind(String template) {
        this.template = template;
    }

    /** The template's base name under {@code templates/notices/<language>/}. */
    public String template() {
        return template;
    }

    /** Kinds whose content opens something (a code, a link): never sent once expired. */
    public boolean carriesSecret() {
        return this == VERIFICATION_CODE || this == PACKAGE_READY;
    }
}
