package dev.heed.consent.ledger;

import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.Decision;
import java.time.Instant;

/** A validated decision to record, still carrying the customer id: it never leaves this service's memory. */
record DecisionCommand(String customerId, String purposeId, Decision decision, ConsentChannel channel,
        String collectorId, String noticeVersion, Instant expiresAt, String jurisdiction, boolean gpc) {

    /** The customer id is a raw identifier: keep it out of logs and exception messages. */
    @Override
    public String toString() {
        return "DecisionCommand[purposeId=" + purposeId + ", decision=" + decision + ", channel=" + channel + "]";
    }
}
