package dev.heed.events.dsr;

/** The right a data-subject request exercises (GDPR Art. 15–21, CCPA/CPRA). */
public enum RequestType {
    ACCESS,
    PORTABILITY,
    ERASURE,
    RECTIFICATION,
    RESTRICTION,
    OBJECTION,
    /** CCPA/CPRA: opt out of the sale or sharing of personal information. */
    OPT_OUT_OF_SALE
}
