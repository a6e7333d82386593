package dev.heed.dsr.verification;

import static dev.heed.platform.web.InvalidInputException.requireText;

import dev.heed.platform.store.ConcurrentChange;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.verification.VerificationAttempt.Outcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Proves that a data-subject request comes from the person it names: a one-time code sent to
 * their address, or an operator's word. Every method runs in the caller's transaction when there
 * is one (so a request and its first code commit together), in one of its own otherwise.
 *
 * <p>The code exists in clear only on its way to the {@link VerificationNotifier}; it is stored as
 * an HMAC, compared in constant time, and neither it nor the destination is ever logged.
 */
@Startup
@ApplicationScoped
public class IdentityVerification {

    static final int MAX_OPERATOR = 200;
    static final int MAX_REASON = 1000;
    static final int MAX_EMAIL = 254;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern CODE = Pattern.compile("[0-9]{6,8}");
    private static final String HMAC = "HmacSHA256";
    private static final Logger LOG = Logger.getLogger(IdentityVerification.class);

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final Duration ttl;
    private final int maxAttempts;
    private final int codeDigits;
    private final int maxCodes;
    private final VerificationNotifier notifier;
    private final Clock clock;

    IdentityVerification(VerificationConfig config, VerificationNotifier notifier, Clock clock) {
        this.key = new SecretKeySpec(secret(config.secret()), HMAC);
        this.ttl = positive(config.ttl());
        this.maxAttempts = atLeastOne(config.maxAttempts(), "max-attempts");
        this.maxCodes = atLeastOne(config.maxCodes(), "max-codes");
        if (config.codeDigits() < 6 || config.codeDigits() > 8) {
            throw new IllegalStateException("heed.dsr.verification.code-digits must be 6, 7 or 8");
        }
        this.codeDigits = config.codeDigits();
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Sends a new code for the request, replacing any earlier one (which stops working).
     *
     * @throws InvalidInputException for a bad channel or destination, a request already verified
     *                               or one that was sent the most codes allowed
     */
    public Uni<ChallengeIssued> challenge(UUID requestId, VerificationChannel channel, String destination) {
        required(requestId);
        String address = destination(channel, destination);
        return Uni.createFrom().deferred(() -> challengeOnce(requestId, channel, address))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<ChallengeIssued> challengeOnce(UUID requestId, VerificationChannel channel, String destination) {
        return Panache.withTransaction(() -> VerificationWaiver.<VerificationWaiver>findById(requestId)
                .chain(waiver -> {
                    if (waiver != null) {
                        throw new InvalidInputException("requestId", "is already verified");
                    }
                    return VerificationChallenge.<VerificationChallenge>findById(requestId, LockModeType.PESSIMISTIC_WRITE);
                })
                .chain(existing -> {
                    Instant now = now();
                    VerificationChallenge challenge = existing == null ? VerificationChallenge.first(requestId, now) : existing;
                    if (challenge.verifiedAt != null) {
                        throw new InvalidInputException("requestId", "is already verified");
                    }
                    if (challenge.codesSent >= maxCodes) {
                        throw new InvalidInputException("requestId", "was sent the most codes allowed (" + maxCodes
                                + "); an operator can verify the requester instead");
                    }
                    String code = newCode();
                    challenge.issue(channel, digest(requestId, code), maxAttempts, now, now.plus(ttl));
                    VerificationMessage message = new VerificationMessage(requestId, channel, destination, code,
                            challenge.expiresAt);
                    Uni<?> stored = existing == null ? challenge.persist() : Uni.createFrom().voidItem();
                    return stored.chain(() -> notifier.send(message)).map(sent -> {
                        LOG.infof("verification code %d of request %s sent by %s, expires %s", challenge.codesSent,
                                requestId, channel, challenge.expiresAt);
                        return new ChallengeIssued(requestId, channel, challenge.expiresAt, maxAttempts);
                    });
                }));
    }

    /**
     * Checks a code. Every guess counts, under a row lock, so concurrent guesses never get more
     * than the allowed number between them.
     *
     * <p>Call it in a transaction of its own (or none): a caller's rollback would undo the count.
     *
     * @throws InvalidInputException when the code is not 6 to 8 digits (no guess is counted)
     */
    public Uni<VerificationAttempt> verify(UUID requestId, String code) {
        required(requestId);
        if (code == null || !CODE.matcher(code).matches()) {
            throw new InvalidInputException("code", "must be the 6 to 8 digits that were sent");
        }
        byte[] presented = digest(requestId, code);
        return Panache.withTransaction(() -> VerificationChallenge
                        .<VerificationChallenge>findById(requestId, LockModeType.PESSIMISTIC_WRITE)
                        .map(challenge -> attempt(challenge, presented)))
                .invoke(attempt -> LOG.infof("verification of request %s: %s", requestId, attempt.outcome()));
    }

    private VerificationAttempt attempt(VerificationChallenge challenge, byte[] presented) {
        if (challenge == null) {
            return VerificationAttempt.of(Outcome.NOT_FOUND);
        }
        if (challenge.verifiedAt != null) {
            return VerificationAttempt.of(Outcome.ALREADY_VERIFIED);
        }
        if (challenge.attemptsLeft() <= 0) {
            return VerificationAttempt.of(Outcome.LOCKED);
        }
        Instant now = now();
        if (!now.isBefore(challenge.expiresAt)) {
            return VerificationAttempt.of(Outcome.EXPIRED);
        }
        challenge.attemptsUsed++;
        if (MessageDigest.isEqual(challenge.codeHash, presented)) {
            challenge.verifiedAt = now;
            return new VerificationAttempt(Outcome.VERIFIED, challenge.attemptsLeft());
        }
        return challenge.attemptsLeft() == 0 ? VerificationAttempt.of(Outcome.LOCKED)
                : new VerificationAttempt(Outcome.WRONG_CODE, challenge.attemptsLeft());
    }

    /**
     * Records that an authenticated operator, acting for a customer whose identity they verified,
     * vouches for the request: it needs no code. A second waiver keeps the first.
     *
     * @param operator the operator's id from their token
     * @throws InvalidInputException when the operator or the reason is missing or too long
     */
    public Uni<VerificationProof> waive(UUID requestId, String operator, String reason) {
        required(requestId);
        String who = requireText(operator, "operator", MAX_OPERATOR);
        String why = requireText(reason, "reason", MAX_REASON);
        return Uni.createFrom().deferred(() -> waiveOnce(requestId, who, why))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<VerificationProof> waiveOnce(UUID requestId, String operator, String reason) {
        return Panache.withTransaction(() -> VerificationWaiver.<VerificationWaiver>findById(requestId)
                .chain(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(existing);
                    }
                    VerificationWaiver waiver = new VerificationWaiver();
                    waiver.requestId = requestId;
                    waiver.operator = operator;
                    waiver.reason = reason;
                    waiver.waivedAt = now();
                    LOG.infof("verification of request %s waived by an operator", requestId);
                    return waiver.<VerificationWaiver>persist();
                })
                .map(IdentityVerification::proof));
    }

    /** How the request's identity was established, or {@code null} while it is not. */
    public Uni<VerificationProof> proof(UUID requestId) {
        required(requestId);
        return Panache.withSession(() -> VerificationWaiver.<VerificationWaiver>findById(requestId)
                .chain(waiver -> waiver != null ? Uni.createFrom().item(proof(waiver))
                        : VerificationChallenge.<VerificationChallenge>findById(requestId)
                                .map(challenge -> challenge == null || challenge.verifiedAt == null ? null
                                        : new VerificationProof(requestId, VerificationProof.Method.CODE,
                                                challenge.verifiedAt, challenge.channel, null, null))));
    }

    private static VerificationProof proof(VerificationWaiver waiver) {
        return new VerificationProof(waiver.requestId, VerificationProof.Method.OPERATOR_WAIVER, waiver.waivedAt, null,
                waiver.operator, waiver.reason);
    }

    private String newCode() {
        int bound = (int) Math.pow(10, codeDigits);
        return String.format("%0" + codeDigits + "d", random.nextInt(bound));
    }

    /** Bound to the request, so a code's hash is worthless for any other request. */
    private byte[] digest(UUID requestId, String code) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(requestId.toString().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** PostgreSQL keeps microseconds. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static void required(UUID requestId) {
        if (requestId == null) {
            throw new InvalidInputException("requestId", "is required");
        }
    }

    /** Messages describe the rule and never repeat the address. */
    private static String destination(VerificationChannel channel, String destination) {
        if (channel == null) {
            throw new InvalidInputException("channel", "is required (EMAIL or PHONE)");
        }
        String value = destination == null ? "" : destination.strip();
        boolean valid = switch (channel) {
            case EMAIL -> value.length() <= MAX_EMAIL && EMAIL.matcher(value).matches();
            case PHONE -> PHONE.matcher(value).matches();
        };
        if (!valid) {
            throw new InvalidInputException("destination", channel == VerificationChannel.EMAIL
                    ? "must be an e-mail address of at most " + MAX_EMAIL + " characters"
                    : "must be a phone number in E.164 form (+ and 7 to 15 digits)");
        }
        return value;
    }

    /** Never puts the secret, or a part of it, into a message. */
    private static byte[] secret(String secret) {
        String trimmed = secret == null ? "" : secret.strip();
        byte[] bytes;
        try {
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("heed.dsr.verification.secret is not valid base64");
        }
        if (bytes.length < 32) {
            throw new IllegalStateException("heed.dsr.verification.secret must be at least 32 bytes once decoded");
        }
        return bytes;
    }

    private static Duration positive(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException("heed.dsr.verification.ttl must be positive");
        }
        return ttl;
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalStateException("heed.dsr.verification." + name + " must be at least 1");
        }
        return value;
    }
}
