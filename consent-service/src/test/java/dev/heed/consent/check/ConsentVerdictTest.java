package dev.heed.consent.check;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.heed.events.consent.Decision;
import dev.heed.events.purpose.LegalBasis;
import dev.heed.events.purpose.Purpose;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expiry, renewal and the legal basis, evaluated at the moment of the check. */
class ConsentVerdictTest {

    private static final Instant NOW = Instant.parse("2026-03-03T10:00:00Z");

    @ParameterizedTest(name = "{0} {1} to v{2} (expiry {3}) under {4} -> {5} {6}")
    @CsvSource({
            // basis CONSENT: only a current grant allows
            "CONSENT, GRANTED, 3, , 3, GRANTED, true",
            "CONSENT, GRANTED, 3, 2026-03-03T10:00:01Z, 3, GRANTED, true",
            "CONSENT, GRANTED, 3, 2026-03-03T10:00:00Z, 3, EXPIRED, false",
            "CONSENT, GRANTED, 2, , 3, NEEDS_RENEWAL, false",
            "CONSENT, GRANTED, 3, , 2, GRANTED, true",
            "CONSENT, WITHDRAWN, 3, , 1, WITHDRAWN, false",
            "CONSENT, DENIED, 3, , 1, DENIED, false",
            "CONSENT, EXPIRED, 3, , 1, EXPIRED, false",
            "CONSENT, , 0, , 1, NO_DECISION, false",
            // legitimate interests: allowed until an objection
            "LEGITIMATE_INTERESTS, , 0, , 1, NO_DECISION, true",
            "LEGITIMATE_INTERESTS, DENIED, 1, , 1, DENIED, false",
            "LEGITIMATE_INTERESTS, WITHDRAWN, 1, , 1, WITHDRAWN, false",
            "LEGITIMATE_INTERESTS, GRANTED, 1, 2026-03-03T09:00:00Z, 1, EXPIRED, true",
            // bases that do not rest on consent
            "CONTRACT, DENIED, 1, , 1, DENIED, true",
            "LEGAL_OBLIGATION, WITHDRAWN, 1, , 1, WITHDRAWN, true",
    })
    void theVerdictFollowsTheRules(LegalBasis basis, Decision decision, int grantedVersion, Instant expiresAt,
            int renewalFrom, CheckStatus status, boolean allowed) {
        KnownState state = decision == null ? KnownState.NO_DECISION
                : new KnownState(decision, grantedVersion, expiresAt, NOW.minusSeconds(60), 7, false);
        ConsentVerdict verdict = ConsentVerdict.of(state, purpose(basis, renewalFrom), NOW);
        assertThat(verdict.status(), is(status));
        assertThat(verdict.allowed(), is(allowed));
    }

    @ParameterizedTest
    @CsvSource({"CONSENT", "LEGITIMATE_INTERESTS", "CONTRACT", "LEGAL_OBLIGATION", "VITAL_INTERESTS", "PUBLIC_TASK"})
    void nothingIsAllowedForAnErasedSubject(LegalBasis basis) {
        ConsentVerdict verdict = ConsentVerdict.of(KnownState.ERASED, purpose(basis, 1), NOW);
        assertThat(verdict.status(), is(CheckStatus.SUBJECT_ERASED));
        assertThat(verdict.allowed(), is(false));
    }

    private static Purpose purpose(LegalBasis basis, int renewalFrom) {
        return new Purpose("offers", 3, "Offers", "By e-mail", basis, Set.of("contact"), renewalFrom == 3,
                renewalFrom, false, "admin", NOW.minusSeconds(3600));
    }
}
