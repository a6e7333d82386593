package dev.heed.events.dsr;

/** The law whose deadlines and rules a request follows. */
public enum Regulation {
    GDPR,
    UK_GDPR,
    CCPA,
    LGPD
}
