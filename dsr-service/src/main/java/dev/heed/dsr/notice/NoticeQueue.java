package dev.heed.dsr.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.platform.outbox.CallerTransaction;
import dev.heed.dsr.seal.AtRestEncryption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Queues notices to requesters in the caller's transaction, so a notice exists exactly when the
 * state it announces committed; {@link NoticeDelivery} sends them. The destination and content are
 * sealed before they reach the session.
 */
@ApplicationScoped
public class NoticeQueue {

    /** A status notice that could not go out within this long is stale news: it expires. */
    static final Duration STATUS_NEWS = Duration.ofDays(7);

    private final AtRestEncryption encryption;
    private final ObjectMapper json;
    private final Clock clock;
    private final String defaultLanguage;

    NoticeQueue(NoticeConfig config, ObjectMapper json, Clock clock) {
        this.encryption = new AtRestEncryption(config.key(), "heed.dsr.notices.key");
        this.json = json;
        this.clock = clock;
        this.defaultLanguage = config.defaultLanguage();
    }

    /**
     * Queues one notice; joins the caller's transaction (fails outside one).
     *
     * @param language  a language with templates, or {@code null} for the default
     * @param expiresAt when its content stops being useful (a code's or link's expiry), or
     *                  {@code null} for a status notice
     */
    public Uni<UUID> enqueue(UUID requestId, NoticeKind kind, NoticeChannel channel, String language,
            NoticeContent content, Instant expiresAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CustomerNotice notice = new CustomerNotice();
        notice.id = UUID.randomUUID();
        notice.requestId = requestId;
        notice.kind = kind;
        notice.channel = channel;
        notice.language = language == null ? defaultLanguage : language;
        notice.state = NoticeState.QUEUED;
        notice.nextAttemptAt = now;
        notice.createdAt = now;
        notice.expiresAt = expiresAt != null ? expiresAt : now.plus(STATUS_NEWS);
        AtRestEncryption.Sealed sealed = encryption.seal(bytes(content), CustomerNotice.associatedData(notice.id));
        notice.nonce = sealed.nonce();
        notice.sealed = sealed.ciphertext();
        return CallerTransaction.session().chain(session -> session.persist(notice)).replaceWith(notice.id);
    }

    NoticeContent open(CustomerNotice notice) {
        byte[] plain = encryption.open(new AtRestEncryption.Sealed(notice.nonce, notice.sealed),
                CustomerNotice.associatedData(notice.id));
        try {
            Stored stored = json.readValue(plain, Stored.class);
            return new NoticeContent(stored.destination(), stored.values());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a sealed notice is not readable", e);
        }
    }

    private byte[] bytes(NoticeContent content) {
        try {
            return json.writeValueAsBytes(new Stored(content.destination(), content.values()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notice does not serialize", e);
        }
    }

    /** The sealed form; a record of its own so the content's toString never matters. */
    record Stored(String destination, Map<String, String> values) {
    }
}
