package dev.heed.directives;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.heed.platform.outbox.CallerTransaction;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveAcknowledgement;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Applies acknowledgements idempotently: in one transaction it records the acknowledgement's
 * CloudEvents id in the inbox and moves the task; a redelivered id changes nothing. Only the
 * task's own recipient can answer it: acks are per-system topics, so the system id in the topic
 * name must be the task's (and the payload's). An operator answering for a system handled by hand
 * ({@link #completeByHand}) moves the task the same way, with the same settlement and metrics.
 *
 * <p>A system sees every refusal of its acknowledgements on {@code privacy.acks.<system-id>.v1.dlq}
 * (its onboarding user may read it): the refused record with {@code dead-letter-reason}. A record
 * that is no acknowledgement at all is reported once, by the service configured with
 * {@code heed.directives.acks.dead-letter-malformed}; a rejected or refused answer by the issuer of
 * its directive, in the transaction that records the refusal.
 */
@ApplicationScoped
public class Acknowledgements {

    private static final Logger LOG = Logger.getLogger(Acknowledgements.class);

    private final Clock clock;
    private final Settlement settlement;
    private final DirectiveMetrics metrics;
    private final EventOutbox outbox;
    private final Instance<AcknowledgementCheck> checks;
    private final boolean deadLetterMalformed;

    Acknowledgements(Clock clock, Settlement settlement, DirectiveMetrics metrics, EventOutbox outbox,
            @Any Instance<AcknowledgementCheck> checks, DirectivesConfig config) {
        this.clock = clock;
        this.settlement = settlement;
        this.metrics = metrics;
        this.outbox = outbox;
        this.checks = checks;
        this.deadLetterMalformed = config.acks().deadLetterMalformed();
    }

    /** Applies one record from a {@code privacy.acks.<system-id>.v1} topic. */
    public Uni<AckDisposition> apply(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        Optional<String> acksOf = Topics.systemOfAcks(topic);
        if (acksOf.isEmpty()) {
            return deadLetter(record, "unknown", "not an acks topic");
        }
        String topicSystem = acksOf.get();
        String type = HeedEvent.typeOf(record.headers());
        if (!EventType.DIRECTIVE_ACKNOWLEDGED.type().equals(type)) {
            return deadLetter(record, topicSystem, "unexpected " + CloudEventHeaders.TYPE);
        }
        HeedEvent<DirectiveAcknowledgement> event;
        try {
            event = HeedEvent.read(record.headers(), record.value(), DirectiveAcknowledgement.class);
        } catch (InvalidEventException e) {
            return deadLetter(record, topicSystem, e.getMessage());
        }
        Instant received = clock.instant();
        Notice notice = reason -> outbox.append(Topics.dlq(record.topic()), record.key(), event.id(),
                type, deadLetterHeaders(record, reason), payload(record));
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> apply(session, topic, topicSystem, event.id(), event.data(), received,
                                notice)))
                .invoke(outcome -> observe(topicSystem, outcome))
                .map(Outcome::disposition);
    }

    /**
     * Applies, inside the caller's transaction, an answer that reached the issuer by another way than
     * an acks topic (e.g. a vendor's verified OpenDSR callback), exactly as an acknowledgement: the
     * inbox keeps {@code answerId} (a repeated id changes nothing), the task moves, checks run and the
     * directive settles. {@code channel} is recorded in the inbox in place of a topic.
     */
    public Uni<AckDisposition> acknowledgeInCaller(String answerId, String channel, DirectiveAcknowledgement ack) {
        Instant received = clock.instant();
        return CallerTransaction.session()
                .chain(session -> apply(session, channel, ack.systemId(), answerId, ack, received, Notice.NONE))
                .invoke(outcome -> observe(ack.systemId(), outcome))
                .map(Outcome::disposition);
    }

    private Uni<Outcome> apply(Mutiny.Session session, String topic, String topicSystem, String eventId,
            DirectiveAcknowledgement ack, Instant received, Notice notice) {
        return Settlement.lockDirective(session, ack.directiveId()).chain(directive -> {
            if (directive == null) {
                return Uni.createFrom().item(new Outcome(AckDisposition.NOT_OURS, null));
            }
            return Settlement.tasksOf(session, directive.id()).chain(tasks -> {
                Optional<DirectiveTaskRow> task = tasks.stream()
                        .filter(candidate -> candidate.systemId().equals(topicSystem))
                        .findFirst();
                AckDisposition disposition = disposition(topicSystem, ack, task);
                return remember(session, eventId, topic, directive, topicSystem, disposition, received)
                        .chain(first -> first
                                ? answer(directive, tasks, task, eventId, ack, disposition, received, notice)
                                : Uni.createFrom().item(new Outcome(AckDisposition.DUPLICATE, null)));
            });
        });
    }

    private static AckDisposition disposition(String topicSystem, DirectiveAcknowledgement ack,
            Optional<DirectiveTaskRow> task) {
        if (!ack.systemId().equals(topicSystem)) {
            return AckDisposition.REJECTED_SYSTEM_MISMATCH;
        }
        if (task.isEmpty()) {
            return AckDisposition.REJECTED_NOT_RECIPIENT;
        }
        if (task.get().state().isAnswered()) {
            return AckDisposition.ALREADY_ANSWERED;
        }
        return task.get().state() == TaskState.OVERDUE ? AckDisposition.APPLIED_LATE : AckDisposition.APPLIED;
    }

    /** Inserts the inbox row; false when this acknowledgement id was processed before. */
    private static Uni<Boolean> remember(Mutiny.Session session, String eventId, String topic,
            DirectiveRow directive, String systemId, AckDisposition disposition, Instant received) {
        return session.createNativeMutationQuery("insert into heed_directives.ack_inbox"
                        + " (event_id, topic, directive_id, system_id, disposition, received_at)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (event_id) do nothing")
                .setParameter(1, eventId)
                .setParameter(2, topic)
                .setParameter(3, directive.id())
                .setParameter(4, systemId)
                .setParameter(5, disposition.name())
                .setParameter(6, received)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    private Uni<Outcome> answer(DirectiveRow directive, List<DirectiveTaskRow> tasks,
            Optional<DirectiveTaskRow> task, String eventId, DirectiveAcknowledgement ack,
            AckDisposition disposition, Instant received, Notice notice) {
        if (disposition.isRejected()) {
            return notice.send(disposition.name() + ": " + (disposition == AckDisposition.REJECTED_SYSTEM_MISMATCH
                            ? "the payload's systemId is not the system of the acks topic"
                            : "this system is not a recipient of the directive"))
                    .replaceWith(new Outcome(disposition, null));
        }
        if (disposition != AckDisposition.APPLIED && disposition != AckDisposition.APPLIED_LATE) {
            return Uni.createFrom().item(new Outcome(disposition, null));
        }
        DirectiveTaskRow answered = task.orElseThrow();
        answered.acknowledge(eventId, ack, received);
        return checked(directive, answered, ack, notice)
                .chain(() -> settle(directive, tasks, answered, disposition, received));
    }

    /** A {@code DONE} answer passes every {@link AcknowledgementCheck} or ends {@code FAILED} with the first refusal. */
    private Uni<Void> checked(DirectiveRow directive, DirectiveTaskRow answered, DirectiveAcknowledgement ack,
            Notice notice) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (AcknowledgementCheck check : checks) {
            chain = chain.chain(() -> answered.state() != TaskState.DONE ? Uni.createFrom().voidItem()
                    : check.refusal(directive.id(), directive.kind(), ack).chain(refusal -> {
                        if (refusal.isEmpty()) {
                            return Uni.createFrom().voidItem();
                        }
                        answered.refuse(refusal.get());
                        return notice.send("REFUSED: the task ends FAILED: " + refusal.get());
                    }));
        }
        return chain;
    }

    /**
     * An operator answers, inside the caller's transaction, for a system handled by hand: the task
     * moves exactly as with an acknowledgement (the directive settles, listeners hear it, latency is
     * recorded). Who answered and their note are the caller's to keep. A later acknowledgement finds
     * it answered.
     *
     * @return {@code APPLIED} or {@code APPLIED_LATE} when the task took the answer;
     *     {@code NOT_OURS} for an unknown directive, {@code REJECTED_NOT_RECIPIENT} when the system
     *     has no task in it, {@code ALREADY_ANSWERED} when its task is final (nothing changed then)
     */
    public Uni<AckDisposition> completeByHand(UUID directiveId, String systemId, ManualCompletion completion) {
        return CallerTransaction.session().chain(session -> Settlement.lockDirective(session, directiveId)
                .chain(directive -> {
                    if (directive == null) {
                        return Uni.createFrom().item(AckDisposition.NOT_OURS);
                    }
                    return Settlement.tasksOf(session, directiveId).chain(tasks -> {
                        Optional<DirectiveTaskRow> task = tasks.stream()
                                .filter(candidate -> candidate.systemId().equals(systemId))
                                .findFirst();
                        if (task.isEmpty()) {
                            return Uni.createFrom().item(AckDisposition.REJECTED_NOT_RECIPIENT);
                        }
                        DirectiveTaskRow answered = task.get();
                        AckDisposition disposition = answered.state().isAnswered() ? AckDisposition.ALREADY_ANSWERED
                                : answered.state() == TaskState.OVERDUE ? AckDisposition.APPLIED_LATE
                                : AckDisposition.APPLIED;
                        if (disposition == AckDisposition.ALREADY_ANSWERED) {
                            return Uni.createFrom().item(disposition);
                        }
                        Instant now = clock.instant();
                        answered.completeByHand(completion.outcome(), completion.recordsAffected(), now);
                        return settle(directive, tasks, answered, disposition, now)
                                .invoke(outcome -> observe(systemId, outcome))
                                .map(Outcome::disposition);
                    });
                }));
    }

    private Uni<Outcome> settle(DirectiveRow directive, List<DirectiveTaskRow> tasks,
            DirectiveTaskRow answered, AckDisposition disposition, Instant received) {
        Instant sent = answered.firstSentAt() != null ? answered.firstSentAt() : directive.issuedAt();
        Duration latency = Duration.between(sent, received);
        Outcome outcome = new Outcome(disposition, latency.isNegative() ? Duration.ZERO : latency);
        if (directive.state().isSettled()) {
            Directive settled = Directive.of(directive, tasks);
            DirectiveTask late = settled.tasks().stream()
                    .filter(candidate -> candidate.id().equals(answered.id()))
                    .findFirst()
                    .orElseThrow();
            return settlement.answeredLate(settled, late).replaceWith(outcome);
        }
        return settlement.settleIfDone(directive, tasks).replaceWith(outcome);
    }

    private void observe(String systemId, Outcome outcome) {
        if (outcome.latency() != null) {
            metrics.acknowledged(systemId, outcome.latency());
        }
        if (outcome.disposition().isRejected()) {
            metrics.rejected(systemId, outcome.disposition());
            LOG.warnf("acknowledgement on the acks topic of %s rejected: %s", systemId, outcome.disposition());
        }
    }

    /**
     * A record that is not a well-formed acknowledgement goes to {@code <topic>.dlq} (through the
     * outbox, so it is not lost) with the reason in the dead-letter headers, and is skipped.
     */
    private Uni<AckDisposition> deadLetter(ConsumerRecord<String, byte[]> record, String systemId, String why) {
        if (!deadLetterMalformed) {
            LOG.debugf("record %s-%d@%d skipped (another issuer dead-letters it): %s", record.topic(),
                    record.partition(), record.offset(), why);
            return Uni.createFrom().item(AckDisposition.MALFORMED);
        }
        LOG.warnf("record %s-%d@%d dead-lettered: %s", record.topic(), record.partition(), record.offset(), why);
        metrics.rejected(systemId, AckDisposition.MALFORMED);
        Map<String, String> headers = deadLetterHeaders(record, "MALFORMED: " + (why == null ? "invalid" : why));
        String eventId = headers.getOrDefault(CloudEventHeaders.ID,
                record.topic() + "/" + record.partition() + "/" + record.offset());
        return Panache.withTransaction(() -> outbox.append(Topics.dlq(record.topic()), record.key(), eventId,
                        headers.getOrDefault(CloudEventHeaders.TYPE, "unknown"), headers, payload(record)))
                .replaceWith(AckDisposition.MALFORMED);
    }

    /** The record's own headers plus the dead-letter headers naming why and where it came from. */
    private static Map<String, String> deadLetterHeaders(ConsumerRecord<String, byte[]> record, String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), UTF_8));
        }
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.TOPIC, record.topic());
        headers.put(DeadLetterHeaders.PARTITION, Integer.toString(record.partition()));
        headers.put(DeadLetterHeaders.OFFSET, Long.toString(record.offset()));
        return headers;
    }

    private static String payload(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? "" : new String(record.value(), UTF_8);
    }

    /** Tells the answering system, on its acks dead-letter topic, that its answer was refused. */
    @FunctionalInterface
    private interface Notice {

        /** Answers that arrived by another way than an acks topic have no topic to be told on. */
        Notice NONE = reason -> Uni.createFrom().voidItem();

        Uni<Void> send(String reason);
    }

    private record Outcome(AckDisposition disposition, Duration latency) {
    }
}
