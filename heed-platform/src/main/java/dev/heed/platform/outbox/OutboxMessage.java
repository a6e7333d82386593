package dev.heed.platform.outbox;

import dev.heed.platform.schema.PlatformSchema;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event waiting in the outbox; written in the caller's transaction, read and marked sent by the relay. */
@Entity
@Table(name = "outbox", schema = PlatformSchema.SCHEMA)
public class OutboxMessage {

    // Identity values give the relay its order: rows are published by ascending id.
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String topic;

    @Column(name = "message_key")
    private String messageKey;

    @Column(name = "event_id")
    private String eventId;

    @Column(name = "event_type")
    private String eventType;

    private String headers;

    private String payload;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    protected OutboxMessage() {
    }

    OutboxMessage(String topic, String messageKey, String eventId, String eventType, String headers, String payload,
            Instant createdAt) {
        this.topic = topic;
        this.messageKey = messageKey;
        this.eventId = eventId;
        this.eventType = eventType;
        this.headers = headers;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String topic() {
        return topic;
    }

    public String eventId() {
        return eventId;
    }
}
