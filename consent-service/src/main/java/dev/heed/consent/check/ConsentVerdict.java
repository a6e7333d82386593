package dev.heed.consent.check;

import dev.heed.events.purpose.Purpose;
import java.time.Instant;

/**
 * Whether processing for a purpose is allowed, from what is known about the subject, the
 * purpose's latest version and the time of the check. Expiry and renewal are decided here, at
 * check time, so no scheduler has to run before a check answers right.
 *
 * <ul>
 * <li>Consent as legal basis: allowed only with a current grant.</li>
 * <li>Legitimate interests: allowed unless the subject objected or opted out (denied, withdrew).</li>
 * <li>Contract, legal obligation, vital interests, public task: consent is not the basis, so a
 *     decision does not stop the processing; the check still reports it.</li>
 * <li>An erased subject: never.</li>
 * </ul>
 */
record ConsentVerdict(boolean allowed, CheckStatus status) {

    static ConsentVerdict of(KnownState state, Purpose purpose, Instant now) {
        CheckStatus status = statusOf(state, purpose, now);
        boolean allowed = switch (status) {
            case SUBJECT_ERASED -> false;
            default -> switch (purpose.legalBasis()) {
                case CONSENT -> status == CheckStatus.GRANTED;
                case LEGITIMATE_INTERESTS -> status != CheckStatus.DENIED && status != CheckStatus.WITHDRAWN;
                case CONTRACT, LEGAL_OBLIGATION, VITAL_INTERESTS, PUBLIC_TASK -> true;
            };
        };
        return new ConsentVerdict(allowed, status);
    }

    private static CheckStatus statusOf(KnownState state, Purpose purpose, Instant now) {
        if (state.erased()) {
            return CheckStatus.SUBJECT_ERASED;
        }
        if (state.decision() == null) {
            return CheckStatus.NO_DECISION;
        }
        return switch (state.decision()) {
            case GRANTED -> {
                if (state.expiresAt() != null && !state.expiresAt().isAfter(now)) {
                    yield CheckStatus.EXPIRED;
                }
                yield state.purposeVersion() < purpose.renewalFromVersion() ? CheckStatus.NEEDS_RENEWAL
                        : CheckStatus.GRANTED;
            }
            case DENIED -> CheckStatus.DENIED;
            case WITHDRAWN -> CheckStatus.WITHDRAWN;
            case EXPIRED -> CheckStatus.EXPIRED;
        };
    }
}
