package dev.heed.events.registry;

public enum SystemStatus {
    ACTIVE,
    /** Receives no new directives; its topics stay until their retention runs out. */
    RETIRED
}
