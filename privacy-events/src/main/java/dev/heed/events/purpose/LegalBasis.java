package dev.heed.events.purpose;

/** GDPR Art. 6(1) (a)–(f). */
public enum LegalBasis {
    CONSENT,
    CONTRACT,
    LEGAL_OBLIGATION,
    VITAL_INTERESTS,
    PUBLIC_TASK,
    LEGITIMATE_INTERESTS
}
