package dev.heed.dsr.verification;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.support.CapturedLogs;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.dsr.verification.VerificationAttempt.Outcome;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Identity verification on the real database, with a clock the test moves. */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class IdentityVerificationTest {

    private static final Duration DB = Duration.ofSeconds(10);

    @Inject
    IdentityVerification verification;

    @Inject
    MutableClock clock;

    @Inject
    Pool database;

    @ConfigProperty(name = "heed.dsr.verification.max-attempts")
    int maxAttempts;

    @ConfigProperty(name = "heed.dsr.verification.ttl")
    Duration ttl;

    @Test
    void theRightCodeVerifiesOnce() {
        UUID requestId = UUID.randomUUID();
        ChallengeIssued issued = challenge(requestId, "ada@example.org");
        assertThat(issued.attemptsAllowed(), is(maxAttempts));
        assertThat(issued.expiresAt(), is(clock.instant().truncatedTo(ChronoUnit.MICROS).plus(ttl)));
        assertThat(OnVertx.call(() -> verification.proof(requestId)), nullValue());

        String code = sentCode(requestId);
        assertThat(code.length(), is(8));
        VerificationAttempt verified = verify(requestId, code);
        assertThat(verified.outcome(), is(Outcome.VERIFIED));
        assertThat(verified.attemptsLeft(), is(maxAttempts - 1));
        assertThat(verify(requestId, code).outcome(), is(Outcome.ALREADY_VERIFIED));

        VerificationProof proof = OnVertx.call(() -> verification.proof(requestId));
        assertThat(proof.method(), is(VerificationProof.Method.CODE));
        assertThat(proof.channel(), is(VerificationChannel.EMAIL));
        assertThat(proof.operator(), nullValue());
        InvalidInputException again = assertThrows(InvalidInputException.class,
                () -> challenge(requestId, "ada@example.org"));
        assertThat(again.field(), is("requestId"));
    }

    @Test
    void wrongCodesCountDownAndLock() {
        UUID requestId = UUID.randomUUID();
        challenge(requestId, "grace@example.org");
        String code = sentCode(requestId);
        String wrong = wrongCode(code);

        for (int left = maxAttempts - 1; left > 0; left--) {
            VerificationAttempt attempt = verify(requestId, wrong);
            assertThat(attempt.outcome(), is(Outcome.WRONG_CODE));
            assertThat(attempt.attemptsLeft(), is(left));
        }
        assertThat(verify(requestId, wrong).outcome(), is(Outcome.LOCKED));
        // Locked: not even the right code opens it.
        assertThat(verify(requestId, code).outcome(), is(Outcome.LOCKED));
        assertThat(challengeRow(requestId).getInteger("attempts_used"), is(maxAttempts));
        assertThat(OnVertx.call(() -> verification.proof(requestId)), nullValue());
    }

    @Test
    void aNewCodeReplacesTheOldOneWithFreshAttemptsUpToTheLimit() {
        UUID requestId = UUID.randomUUID();
        challenge(requestId, "+4915112345678", VerificationChannel.PHONE);
        String first = sentCode(requestId);
        verify(requestId, wrongCode(first));

        clock.advance(Duration.ofSeconds(1));
        challenge(requestId, "+4915112345678", VerificationChannel.PHONE);
        String second = sentCode(requestId);
        assertThat(challengeRow(requestId).getInteger("attempts_used"), is(0));
        if (!second.equals(first)) {
            assertThat(verify(requestId, first).outcome(), is(Outcome.WRONG_CODE));
        }
        clock.advance(Duration.ofSeconds(1));
        challenge(requestId, "+4915112345678", VerificationChannel.PHONE);
        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                () -> challenge(requestId, "+4915112345678", VerificationChannel.PHONE));
        assertThat(tooMany.field(), is("requestId"));
        assertThat(verify(requestId, sentCode(requestId)).outcome(), is(Outcome.VERIFIED));
    }

    @Test
    void aCodeExpires() {
        UUID inTime = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        challenge(inTime, "lin@example.org");
        challenge(late, "lin@example.org");

        clock.advance(ttl.minusSeconds(1));
        assertThat(verify(inTime, sentCode(inTime)).outcome(), is(Outcome.VERIFIED));
        clock.advance(Duration.ofSeconds(1));
        assertThat(verify(late, sentCode(late)).outcome(), is(Outcome.EXPIRED));
        // An expired code uses up no guess.
        assertThat(challengeRow(late).getInteger("attempts_used"), is(0));
    }

    @Test
    void anUnknownRequestIsNotFoundAndAMalformedCodeIsRefused() {
        assertThat(verify(UUID.randomUUID(), "12345678").outcome(), is(Outcome.NOT_FOUND));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> verify(UUID.randomUUID(), "12ab"));
        assertThat(refused.field(), is("code"));
        InvalidInputException badAddress = assertThrows(InvalidInputException.class,
                () -> challenge(UUID.randomUUID(), "not-an-address"));
        assertThat(badAddress.field(), is("destination"));
        assertThat(badAddress.getMessage(), not(containsString("not-an-address")));
    }

    @Test
    void concurrentWrongGuessesNeverExceedTheBound() throws Exception {
        UUID requestId = UUID.randomUUID();
        challenge(requestId, "hedy@example.org");
        String code = sentCode(requestId);
        String wrong = wrongCode(code);

        int guesses = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(guesses);
        List<VerificationAttempt> attempts = new ArrayList<>();
        try {
            List<Future<VerificationAttempt>> calls = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return verify(requestId, wrong);
                }));
            }
            start.countDown();
            for (Future<VerificationAttempt> call : calls) {
                attempts.add(call.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Outcome, Long> outcomes = attempts.stream()
                .collect(Collectors.groupingBy(VerificationAttempt::outcome, Collectors.counting()));
        assertThat(outcomes.get(Outcome.WRONG_CODE), is((long) maxAttempts - 1));
        assertThat(outcomes.get(Outcome.LOCKED), is((long) guesses - maxAttempts + 1));
        assertThat(challengeRow(requestId).getInteger("attempts_used"), is(maxAttempts));
        assertThat(verify(requestId, code).outcome(), is(Outcome.LOCKED));
    }

    @Test
    void theCodeAndTheAddressAppearInNoLogAndNoTableButTheNotice() {
        UUID requestId = UUID.randomUUID();
        String address = "katherine-" + requestId + "@example.org";
        List<String> logged;
        String code;
        try (CapturedLogs capture = CapturedLogs.start()) {
            challenge(requestId, address);
            code = sentCode(requestId);
            verify(requestId, wrongCode(code));
            verify(requestId, code);
            logged = capture.lines();
        }

        // The capture works: the service did log about the request, by its id.
        assertThat(logged.stream().filter(line -> line.contains(requestId.toString())).count() >= 3, is(true));
        assertThat(logged.stream().filter(line -> line.contains(code)).toList(), empty());
        assertThat(logged.stream().filter(line -> line.contains("katherine-")).toList(), empty());

        assertThat(tablesContaining(code), is(List.of("public.verification_notice")));
        assertThat(tablesContaining(address), is(List.of("public.verification_notice")));
    }

    @Test
    void anOperatorVouchesForAVerifiedCustomer() {
        UUID requestId = UUID.randomUUID();
        clock.advance(Duration.ofMinutes(1));
        VerificationProof proof = OnVertx.call(() -> verification.waive(requestId, "operator-7",
                "Customer verified on a recorded support call"));
        assertThat(proof.method(), is(VerificationProof.Method.OPERATOR_WAIVER));
        assertThat(proof.operator(), is("operator-7"));
        assertThat(proof.at(), is(clock.instant().truncatedTo(ChronoUnit.MICROS)));

        Row row = database.preparedQuery("select operator, reason, waived_at from verification_waiver where request_id = $1")
                .execute(Tuple.of(requestId)).await().atMost(DB).iterator().next();
        assertThat(row.getString("operator"), is("operator-7"));
        assertThat(row.getString("reason"), is("Customer verified on a recorded support call"));

        // A second waiver keeps the first; a waived request needs no code.
        VerificationProof again = OnVertx.call(() -> verification.waive(requestId, "operator-9", "Another reason"));
        assertThat(again.operator(), is("operator-7"));
        assertThat(OnVertx.call(() -> verification.proof(requestId)).reason(),
                is("Customer verified on a recorded support call"));
        InvalidInputException challenged = assertThrows(InvalidInputException.class,
                () -> challenge(requestId, "ada@example.org"));
        assertThat(challenged.field(), is("requestId"));

        InvalidInputException noReason = assertThrows(InvalidInputException.class,
                () -> OnVertx.call(() -> verification.waive(UUID.randomUUID(), "operator-7", " ")));
        assertThat(noReason.field(), is("reason"));
    }

    private ChallengeIssued challenge(UUID requestId, String email) {
        return challenge(requestId, email, VerificationChannel.EMAIL);
    }

    private ChallengeIssued challenge(UUID requestId, String destination, VerificationChannel channel) {
        return OnVertx.call(() -> verification.challenge(requestId, channel, destination));
    }

    private VerificationAttempt verify(UUID requestId, String code) {
        return OnVertx.call(() -> verification.verify(requestId, code));
    }

    /** The code the mail sender would send: the newest notice of the request. */
    private String sentCode(UUID requestId) {
        return database.preparedQuery(
                        "select code from verification_notice where request_id = $1 order by created_at desc, id limit 1")
                .execute(Tuple.of(requestId)).await().atMost(DB).iterator().next().getString("code");
    }

    private Row challengeRow(UUID requestId) {
        return database.preparedQuery("select * from verification_challenge where request_id = $1")
                .execute(Tuple.of(requestId)).await().atMost(DB).iterator().next();
    }

    private static String wrongCode(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    /** Every table of the service's database whose rows, as text, contain the value. */
    private List<String> tablesContaining(String value) {
        List<String> tables = new ArrayList<>();
        database.query("select table_schema || '.' || table_name from information_schema.tables "
                        + "where table_schema in ('public', 'heed_directives') and table_type = 'BASE TABLE' order by 1")
                .execute().await().atMost(DB)
                .forEach(row -> tables.add(row.getString(0)));
        Function<String, Long> matches = table -> database.preparedQuery(
                        "select count(*) from " + table + " t where t::text like '%' || $1 || '%'")
                .execute(Tuple.of(value)).await().atMost(DB).iterator().next().getLong(0);
        return tables.stream().filter(table -> matches.apply(table) > 0).toList();
    }
}
