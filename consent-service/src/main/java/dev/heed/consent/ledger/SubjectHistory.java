package dev.heed.consent.ledger;

import java.util.List;

/** Every decision of a subject, in ledger order (oldest first). */
public record SubjectHistory(String subjectKey, List<DecisionResponse> decisions) {
}
