package dev.heed.events.consent;

import dev.heed.events.EventType;

/** What a subject decided about a purpose; each decision is its own event type. */
public enum Decision {
    GRANTED(EventType.CONSENT_GRANTED),
    DENIED(EventType.CONSENT_DENIED),
    WITHDRAWN(EventType.CONSENT_WITHDRAWN),
    /** Not the subject's act: a grant reached its expiry. */
    EXPIRED(EventType.CONSENT_EXPIRED);

    private final EventType eventType;

    Decision(EventType eventType) {
        this.eventType = eventType;
    }

    public EventType eventType() {
        return eventType;
    }
}
