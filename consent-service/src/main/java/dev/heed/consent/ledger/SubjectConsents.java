package dev.heed.consent.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A subject's decision per purpose at one instant, by purpose id.
 *
 * @param at the instant the state is for: now, or the instant asked for
 */
public record SubjectConsents(String subjectKey, Instant at, List<DecisionResponse> consents) {
}
