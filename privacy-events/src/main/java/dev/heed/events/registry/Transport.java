package dev.heed.events.registry;

/** How a system receives directives. */
public enum Transport {
    /** Its own {@code privacy.directives.<system-id>.v1} and {@code privacy.acks.<system-id>.v1} topics. */
    KAFKA,
    /** An OpenDSR 2.0 processor (a vendor) at its base URL: dsr-service sends it OpenDSR requests over HTTP. */
    OPENDSR
}
