package dev.heed.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one thread that reads the system's directive topic, answers each directive and commits it.
 * One directive at a time: an answer is sent and acknowledged by the broker before the
 * directive's offset is committed, so a crash at any point re-delivers it and it is answered
 * (from the store, if it was answered before).
 *
 * <p>Logs name directives by id, kind and offset only: a directive's identities and parameters
 * are personal data, and so may be a handler's exception message (only its class is logged).
 */
final class DirectiveSubscription {

    private static final System.Logger LOG = System.getLogger(DirectiveSubscription.class.getName());
    private static final Duration POLL = Duration.ofMillis(250);

    private final String systemId;
    private final String directivesTopic;
    private final String acksTopic;
    private final String deadLetterTopic;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final Map<DirectiveKind, Answers.Answering> handling;
    private final Answers answers;
    private final RetryPolicy retries;
    private final Duration shutdownTimeout;
    private final Object pauses = new Object();
    private final Thread thread;

    private volatile boolean running = true;
    private volatile Throwable failure;
    // Confined to the subscription's thread.
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;

    DirectiveSubscription(String systemId, Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
            Map<DirectiveKind, Answers.Answering> handling, Answers answers, RetryPolicy retries,
            Duration shutdownTimeout) {
        this.systemId = systemId;
        this.directivesTopic = Topics.directives(systemId);
        this.acksTopic = Topics.acks(systemId);
        this.deadLetterTopic = Topics.dlq(directivesTopic);
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.producerConfig = Map.copyOf(producerConfig);
        this.handling = Map.copyOf(handling);
        this.answers = answers;
        this.retries = retries;
        this.shutdownTimeout = shutdownTimeout;
        this.thread = new Thread(this::run, "heed-directives-" + systemId);
    }

    void start() {
        thread.start();
    }

    boolean isRunning() {
        return thread.isAlive() && running;
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops polling; the directive being handled is finished, answered and committed first. A
     * directive waiting for its next retry is left uncommitted: it is re-delivered to whichever
     * instance reads the partition next.
     */
    void close() {
        running = false;
        synchronized (pauses) {
            pauses.notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return; // a handler closing its own client: the loop ends after this directive
        }
        try {
            thread.join(shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, () -> "directives of " + systemId + ": a handler still runs after "
                    + shutdownTimeout + "; its directive is answered when it returns");
        }
    }

    private void run() {
        int restarts = 0;
        while (running) {
            try {
                subscribe();
                return;
            } catch (RuntimeException e) {
                // Kafka or the store gave way outside a directive's handling: open new clients and go on.
                failure = e;
                restarts++;
                LOG.log(Level.ERROR, () -> "directives of " + systemId + ": the subscription failed; it starts again",
                        e);
                pause(retries.delayAfter(restarts));
            } catch (Error e) {
                failure = e;
                running = false;
                LOG.log(Level.ERROR, () -> "directives of " + systemId + ": the subscription stopped", e);
            }
        }
    }

    private void subscribe() {
        try (KafkaConsumer<String, byte[]> openedConsumer = new KafkaConsumer<>(consumerConfig,
                new StringDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<String, byte[]> openedProducer = new KafkaProducer<>(producerConfig,
                        new StringSerializer(), new ByteArraySerializer())) {
            consumer = openedConsumer;
            producer = openedProducer;
            consumer.subscribe(List.of(directivesTopic));
            int failuresInARow = 0;
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(POLL);
                Map<TopicPartition, Long> unanswered = new HashMap<>();
                for (TopicPartition partition : batch.partitions()) {
                    unanswered.put(partition, batch.records(partition).get(0).offset());
                }
                for (ConsumerRecord<String, byte[]> record : batch) {
                    if (!running) {
                        break; // not answered, not committed: read again by the next consumer
                    }
                    try {
                        process(record);
                        unanswered.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                        failuresInARow = 0;
                    } catch (Abandoned e) {
                        rewind(unanswered);
                        break;
                    } catch (RuntimeException e) {
                        failuresInARow++;
                        int failures = failuresInARow;
                        LOG.log(Level.WARNING, () -> "directive at " + position(record) + " not answered (failure "
                                + failures + " in a row); it is read again", e);
                        rewind(unanswered);
                        pause(retries.delayAfter(failuresInARow));
                        break;
                    }
                }
            }
        } finally {
            consumer = null;
            producer = null;
        }
    }

    /**
     * Everything not answered yet, on every partition of the batch, is read again. A partition a
     * rebalance took away meanwhile is read from its committed offset by its new owner.
     */
    private void rewind(Map<TopicPartition, Long> unanswered) {
        Set<TopicPartition> owned = consumer.assignment();
        unanswered.forEach((partition, offset) -> {
            if (owned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private void process(ConsumerRecord<String, byte[]> record) {
        // The contract: skip event types this reader does not know.
        if (!EventType.DIRECTIVE_ISSUED.type().equals(HeedEvent.typeOf(record.headers()))) {
            LOG.log(Level.DEBUG, () -> "record at " + position(record) + " is no directive; skipped");
            commit(record);
            return;
        }
        HeedEvent<DirectiveIssued> event;
        try {
            event = HeedEvent.read(record.headers(), record.value(), DirectiveIssued.class);
        } catch (InvalidEventException e) {
            Optional<UUID> unknownKind = unknownKind(record);
            if (unknownKind.isPresent()) {
                // The contract: a kind this system does not know is answered NOT_APPLICABLE, not left unanswered.
                HeedEvent<DirectiveAcknowledgement> answer = answers.stored(unknownKind.get())
                        .orElseGet(() -> answers.store(answers.unknownKind(unknownKind.get())));
                send(answer, record);
                commit(record);
                return;
            }
            // Its messages name the field, never the value.
            deadLetter(record, "not a valid directive: " + e.getMessage(), e);
            commit(record);
            return;
        }
        if (!systemId.equals(event.data().systemId())) {
            deadLetter(record, "addressed to another system", null);
            commit(record);
            return;
        }
        Directive directive = Directive.of(event.data());
        HeedEvent<DirectiveAcknowledgement> answer = answer(directive, record);
        send(answer, record);
        commit(record);
        LOG.log(Level.DEBUG, () -> DirectiveViews.describe(directive) + " answered " + answer.data().outcome());
    }

    /**
     * The directive id of a record that is a directive to this system in every way but its kind,
     * a {@code kind} newer than this client: the one invalid directive that is answered.
     */
    private Optional<UUID> unknownKind(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode payload = EventJson.mapper().readTree(record.value());
            String kind = payload.path("kind").asText("");
            boolean known = Arrays.stream(DirectiveKind.values())
                    .anyMatch(candidate -> candidate.name().equals(kind));
            if (kind.isBlank() || known || !systemId.equals(payload.path("systemId").asText())) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(payload.path("directiveId").asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private HeedEvent<DirectiveAcknowledgement> answer(Directive directive, ConsumerRecord<String, byte[]> record) {
        Optional<HeedEvent<DirectiveAcknowledgement>> before = answers.stored(directive.directiveId());
        if (before.isPresent()) {
            LOG.log(Level.DEBUG, () -> DirectiveViews.describe(directive) + " was answered before; answering again");
            return before.get();
        }
        Answers.Answering answering = handling.get(directive.kind());
        if (answering == null) {
            return answers.store(answers.notHandled(directive));
        }
        Exception last = null;
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            try {
                return answering.answer(directive, answers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            } catch (Exception e) {
                last = e;
                if (attempt == retries.attempts()) {
                    break;
                }
                Duration delay = retries.delayAfter(attempt);
                int failed = attempt;
                LOG.log(Level.WARNING, () -> DirectiveViews.describe(directive) + " failed on attempt " + failed + " of "
                        + retries.attempts() + " (" + e.getClass().getName() + "); next attempt in " + delay);
                if (!pause(delay)) {
                    throw new Abandoned();
                }
            }
        }
        Exception cause = last;
        LOG.log(Level.ERROR, () -> DirectiveViews.describe(directive) + " failed " + retries.attempts() + " times ("
                + cause.getClass().getName() + "); dead-lettered and answered FAILED");
        deadLetter(record, cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName(), cause);
        return answers.store(answers.failed(directive, "handler failed " + retries.attempts() + " times: "
                + cause.getClass().getSimpleName()));
    }

    private void send(HeedEvent<DirectiveAcknowledgement> answer, ConsumerRecord<String, byte[]> directive) {
        RecordHeaders headers = new RecordHeaders();
        answer.writeHeaders(headers);
        // The directive's trace continues in its answer.
        Header traceparent = directive.headers().lastHeader(CloudEventHeaders.TRACEPARENT);
        if (traceparent != null) {
            headers.add(traceparent);
        }
        await(new ProducerRecord<>(acksTopic, null, answer.kafkaKey(), answer.dataBytes(), headers));
    }

    /** The record unchanged on {@code <topic>.dlq}, with the error in the dead-letter headers. */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, Throwable error) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.REASON, reason.getBytes(UTF_8));
        if (error != null) {
            headers.add(DeadLetterHeaders.EXCEPTION_CLASS_NAME, error.getClass().getName().getBytes(UTF_8));
            Throwable cause = error.getCause();
            if (cause != null) {
                headers.add(DeadLetterHeaders.CAUSE_CLASS_NAME, cause.getClass().getName().getBytes(UTF_8));
                if (cause.getMessage() != null) {
                    headers.add(DeadLetterHeaders.CAUSE, cause.getMessage().getBytes(UTF_8));
                }
            }
        }
        headers.add(DeadLetterHeaders.TOPIC, record.topic().getBytes(UTF_8));
        headers.add(DeadLetterHeaders.PARTITION, Integer.toString(record.partition()).getBytes(UTF_8));
        headers.add(DeadLetterHeaders.OFFSET, Long.toString(record.offset()).getBytes(UTF_8));
        await(new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers));
        LOG.log(Level.WARNING, () -> "record at " + position(record) + " dead-lettered to " + deadLetterTopic);
    }

    private void await(ProducerRecord<String, byte[]> record) {
        try {
            // Bounded by the producer's delivery.timeout.ms.
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + record.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e.getCause());
        }
    }

    private void commit(ConsumerRecord<String, byte[]> record) {
        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1)));
    }

    /** Waits, unless the client closes meanwhile; false if it did. */
    private boolean pause(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        synchronized (pauses) {
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    pauses.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
        return false;
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** The client closes while a directive waits for its next attempt: leave it to be read again. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }
}
