package dev.heed.directives;

import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.UUID;

/**
 * One recipient's task. Its id is the CloudEvents id of the directive event, the same on every
 * re-send. It keeps the rendered event (which may carry identities) only until the directive settles.
 */
@Entity
@DynamicUpdate
@Table(name = "directive_task", schema = DirectivesSchema.SCHEMA)
class DirectiveTaskRow {

    @Id
    private UUID id;

    @Column(name = "directive_id")
    private UUID directiveId;

    @Column(name = "system_id")
    private String systemId;

    @Column(name = "system_snapshot")
    private String systemSnapshot;

    private String topic;

    @Column(name = "message_key")
    private String messageKey;

    @Column(name = "event_headers")
    private String eventHeaders;

    @Column(name = "event_payload")
    private String eventPayload;

    @Enumerated(EnumType.STRING)
    private TaskState state;

    private boolean late;

    private Instant deadline;

    @Column(name = "queued_count")
    private int queuedCount;

    @Column(name = "last_queued_at")
    private Instant lastQueuedAt;

    @Column(name = "first_sent_at")
    private Instant firstSentAt;

    @Column(name = "last_sent_at")
    private Instant lastSentAt;

    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;

    @Column(name = "acknowledgement_id")
    private String acknowledgementId;

    @Column(name = "records_affected")
    private Long recordsAffected;

    private String reason;

    @Column(name = "overdue_at")
    private Instant overdueAt;

    protected DirectiveTaskRow() {
    }

    DirectiveTaskRow(UUID id, UUID directiveId, String systemId, String systemSnapshot, String topic,
            String messageKey, String eventHeaders, String eventPayload, Instant deadline, Instant queuedAt) {
        this.id = id;
        this.directiveId = directiveId;
        this.systemId = systemId;
        this.systemSnapshot = systemSnapshot;
        this.topic = topic;
        this.messageKey = messageKey;
        this.eventHeaders = eventHeaders;
        this.eventPayload = eventPayload;
        this.state = TaskState.PENDING;
        this.deadline = deadline;
        this.queuedCount = 1;
        this.lastQueuedAt = queuedAt;
    }

    /**
     * Records the system's answer. A pending or overdue task takes it (an overdue one is marked
     * late); an answered task keeps its first answer.
     *
     * @return whether the answer changed the task
     */
    public boolean acknowledge(String ackEventId, DirectiveAcknowledgement ack, Instant receivedAt) {
        if (!answer(stateOf(ack.outcome()), receivedAt)) {
            return false;
        }
        this.acknowledgementId = ackEventId;
        this.recordsAffected = ack.recordsAffected();
        this.reason = ack.reason();
        return true;
    }

    /**
     * Records an operator's answer for a system handled by hand, with the same transition as an
     * acknowledgement; an answered task keeps its first answer.
     *
     * @return whether the answer changed the task
     */
    public boolean completeByHand(AckOutcome outcome, Long recordsAffected, Instant at) {
        if (!answer(stateOf(outcome), at)) {
            return false;
        }
        this.recordsAffected = recordsAffected;
        return true;
    }

    /** A {@code DONE} answer the issuer could not accept (e.g. an export whose hash matches no upload). */
    public void refuse(String why) {
        if (state == TaskState.DONE) {
            this.state = TaskState.FAILED;
            this.reason = why;
        }
    }

    private boolean answer(TaskState outcome, Instant at) {
        if (state.isAnswered()) {
            return false;
        }
        this.late = state == TaskState.OVERDUE;
        this.state = outcome;
        this.acknowledgedAt = at;
        return true;
    }

    public void markOverdue(Instant at) {
        if (state == TaskState.PENDING) {
            this.state = TaskState.OVERDUE;
            this.overdueAt = at;
        }
    }

    public void requeued(Instant at) {
        this.queuedCount++;
        this.lastQueuedAt = at;
    }

    /** The rendered event may carry identities: once the directive has settled it is not needed again. */
    public void forgetEvent() {
        this.eventHeaders = null;
        this.eventPayload = null;
    }

    public static TaskState stateOf(AckOutcome outcome) {
        return switch (outcome) {
            case DONE -> TaskState.DONE;
            case FAILED -> TaskState.FAILED;
            case NOT_APPLICABLE -> TaskState.NOT_APPLICABLE;
        };
    }

    public UUID id() {
        return id;
    }

    public UUID directiveId() {
        return directiveId;
    }

    public String systemId() {
        return systemId;
    }

    public String systemSnapshot() {
        return systemSnapshot;
    }

    public String topic() {
        return topic;
    }

    public String messageKey() {
        return messageKey;
    }

    public String eventHeaders() {
        return eventHeaders;
    }

    public String eventPayload() {
        return eventPayload;
    }

    public TaskState state() {
        return state;
    }

    public boolean late() {
        return late;
    }

    public Instant deadline() {
        return deadline;
    }

    public int queuedCount() {
        return queuedCount;
    }

    public Instant lastQueuedAt() {
        return lastQueuedAt;
    }

    public Instant firstSentAt() {
        return firstSentAt;
    }

    public Instant lastSentAt() {
        return lastSentAt;
    }

    public Instant acknowledgedAt() {
        return acknowledgedAt;
    }

    public String acknowledgementId() {
        return acknowledgementId;
    }

    public Long recordsAffected() {
        return recordsAffected;
    }

    public String reason() {
        return reason;
    }

    public Instant overdueAt() {
        return overdueAt;
    }
}
