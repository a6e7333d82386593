package dev.heed.audit.integrity;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.audit.SignedTreeHead;
import dev.heed.events.topic.CompactedTopicReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads every head ever published on {@code privacy.audit.heads.v1}, from the broker: the copy of
 * the heads that whoever can rewrite the audit database cannot rewrite with it.
 */
@ApplicationScoped
public class PublishedHeads {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaClients kafka;

    PublishedHeads(KafkaClients kafka) {
        this.kafka = kafka;
    }

    /** @param where partition and offset, to name a bad record */
    public record Published(SignedTreeHead head, String where) {
    }

    /** Every published head, in publishing order per partition; a record that is not a readable head is an error. */
    public List<Published> read() {
        List<Published> heads = new ArrayList<>();
        CompactedTopicReader.readToEnd(Topics.AUDIT_HEADS, kafka.consumer("audit-integrity-check"), READ_TIMEOUT,
                record -> {
                    String where = record.partition() + "-" + record.offset();
                    if (!Objects.equals(HeedEvent.typeOf(record.headers()), EventType.AUDIT_TREE_HEAD_SIGNED.type())) {
                        throw new UnreadableHeadException("the record at " + where + " of " + Topics.AUDIT_HEADS
                                + " is not a signed tree head");
                    }
                    try {
                        heads.add(new Published(
                                HeedEvent.read(record.headers(), record.value(), SignedTreeHead.class).data(), where));
                    } catch (RuntimeException e) {
                        throw new UnreadableHeadException("the head at " + where + " of " + Topics.AUDIT_HEADS
                                + " cannot be read: " + e.getClass().getSimpleName());
                    }
                });
        return heads;
    }

    /** A record on the heads topic that is not a readable head: the check fails, naming it. */
    static class UnreadableHeadException extends RuntimeException {
        UnreadableHeadException(String message) {
            super(message);
        }
    }
}
