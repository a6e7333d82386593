package dev.heed.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.subject.SubjectKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the issuer against one downstream system, on the system's own topics, and checks its answers
 * against the contract (privacy-events' asyncapi.yaml and schemas): it sends a directive about a
 * customer the system holds, then the identical record again, a directive of a kind no system knows,
 * and one about a subject the system does not hold. Run it against a test installation only: the
 * first directive really asks the system to act (ERASE erases the customer).
 */
public final class Conformance {

    /** A kind newer than any system: the contract says it is answered NOT_APPLICABLE. */
    static final String UNKNOWN_KIND = "CONFORMANCE_KIT_UNKNOWN_KIND";
    private static final ObjectMapper JSON = EventJson.mapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventType.SCHEMA_BASE, "classpath:schemas/")));
    private static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    /**
     * @param kafka      client settings that may write the system's directives topic and read its acks topic
     * @param systemId   the system under test
     * @param subjectKeys the installation's subject-key version and secret, as the system has them
     * @param customerId a customer the system holds data of (test data: the directive acts on it)
     * @param kind       the directive kind to send for that customer (one the system registered)
     * @param timeout    how long the system may take for each answer
     */
    public record Settings(Map<String, String> kafka, String systemId, SubjectKeys subjectKeys, String customerId,
            String kind, Duration timeout) {
    }

    private final Settings settings;
    private final String directivesTopic;
    private final String acksTopic;

    public Conformance(Settings settings) {
        this.settings = settings;
        this.directivesTopic = Topics.directives(settings.systemId());
        this.acksTopic = Topics.acks(settings.systemId());
    }

    /** Every check, in order; a later check that depends on a failed one fails with that reason. */
    public List<Check> run() {
        List<Check> checks = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings(), new StringSerializer(),
                new ByteArraySerializer());
                KafkaConsumer<String, byte[]> acks = new KafkaConsumer<>(consumerSettings(), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = acks.partitionsFor(acksTopic, settings.timeout()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            acks.assign(partitions);
            acks.seekToEnd(partitions);
            partitions.forEach(acks::position);

            String subjectKey = settings.subjectKeys().keyOf(settings.customerId());
            ProducerRecord<String, byte[]> directive = directive(settings.kind(), subjectKey);
            String directiveId = directiveIdOf(directive);
            send(producer, directive);
            Optional<ConsumerRecord<String, byte[]>> first = await(acks, directiveId);
            checks.add(first.isPresent() ? Check.pass("answers a " + settings.kind() + " directive", "within "
                    + settings.timeout()) : Check.fail("answers a " + settings.kind() + " directive", "no answer on "
                    + acksTopic + " keyed " + directiveId + " within " + settings.timeout()));
            first.ifPresent(answer -> {
                checks.add(envelope(answer));
                checks.add(payload(answer, directiveId));
                String outcome = json(answer).path("outcome").asText();
                checks.add("DONE".equals(outcome)
                        ? Check.pass("finds the subject by its key", "DONE for " + subjectKey.substring(0, 3) + "...")
                        : Check.fail("finds the subject by its key", "answered " + outcome + " for a customer it holds: "
                                + "is its subject key k" + settings.subjectKeys().keyVersion()
                                + ":base64url(HMAC-SHA256(secret, UTF-8 customer id)), unpadded?"));
            });

            send(producer, directive);
            Optional<ConsumerRecord<String, byte[]>> again = first.isEmpty() ? Optional.empty() : await(acks, directiveId);
            checks.add(reAnswer(first, again));

            ProducerRecord<String, byte[]> unknown = directive(UNKNOWN_KIND,
                    settings.subjectKeys().keyOf("conformance-" + UUID.randomUUID()));
            send(producer, unknown);
            checks.add(notApplicable("answers an unknown kind NOT_APPLICABLE", await(acks, directiveIdOf(unknown))));

            ProducerRecord<String, byte[]> stranger = directive(settings.kind(),
                    settings.subjectKeys().keyOf("conformance-" + UUID.randomUUID()));
            send(producer, stranger);
            checks.add(notApplicable("answers NOT_APPLICABLE for a subject it does not hold",
                    await(acks, directiveIdOf(stranger))));
        }
        return checks;
    }

    private Check envelope(ConsumerRecord<String, byte[]> answer) {
        String name = "the acknowledgement's envelope";
        List<String> wrong = new ArrayList<>();
        expect(wrong, answer, CloudEventHeaders.SPECVERSION, "1.0");
        expect(wrong, answer, CloudEventHeaders.TYPE, EventType.DIRECTIVE_ACKNOWLEDGED.type());
        expect(wrong, answer, CloudEventHeaders.SOURCE, "/heed/systems/" + settings.systemId());
        if (header(answer, CloudEventHeaders.ID).isBlank()) {
            wrong.add("ce_id is missing");
        }
        try {
            OffsetDateTime.parse(header(answer, CloudEventHeaders.TIME));
        } catch (DateTimeParseException e) {
            wrong.add("ce_time is not an RFC 3339 timestamp");
        }
        String contentType = header(answer, CloudEventHeaders.CONTENT_TYPE);
        if (!contentType.isEmpty() && !contentType.startsWith("application/json")) {
            wrong.add("content-type is not application/json");
        }
        if (answer.headers().lastHeader(CloudEventHeaders.SUBJECT) != null) {
            wrong.add("ce_subject is set (acknowledgements carry none)");
        }
        return wrong.isEmpty() ? Check.pass(name, "ce_* headers as documented") : Check.fail(name, String.join("; ", wrong));
    }

    private Check payload(ConsumerRecord<String, byte[]> answer, String directiveId) {
        String name = "the acknowledgement's payload";
        JsonNode ack = json(answer);
        JsonSchema schema = SCHEMAS.getSchema(SchemaLocation.of(EventType.DIRECTIVE_ACKNOWLEDGED.dataschema().toString()),
                STRICT);
        Set<String> errors = schema.validate(ack).stream().map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!settings.systemId().equals(ack.path("systemId").asText())) {
            errors.add("systemId is not the system of the topic");
        }
        if (!directiveId.equals(ack.path("directiveId").asText())) {
            errors.add("directiveId is not the directive's");
        }
        return errors.isEmpty() ? Check.pass(name, "valid against " + EventType.DIRECTIVE_ACKNOWLEDGED.dataschema())
                : Check.fail(name, String.join("; ", errors));
    }

    private static Check reAnswer(Optional<ConsumerRecord<String, byte[]>> first,
            Optional<ConsumerRecord<String, byte[]>> again) {
        String name = "answers a re-sent directive with the identical acknowledgement";
        if (first.isEmpty()) {
            return Check.fail(name, "there was no first answer");
        }
        if (again.isEmpty()) {
            return Check.fail(name, "no answer to the re-send (same ce_id): a re-sent directive must be answered again");
        }
        List<String> wrong = new ArrayList<>();
        if (!header(first.get(), CloudEventHeaders.ID).equals(header(again.get(), CloudEventHeaders.ID))) {
            wrong.add("another ce_id");
        }
        if (!header(first.get(), CloudEventHeaders.TIME).equals(header(again.get(), CloudEventHeaders.TIME))) {
            wrong.add("another ce_time");
        }
        if (!json(first.get()).equals(json(again.get()))) {
            wrong.add("another payload (outcome, recordsAffected or acknowledgedAt changed)");
        }
        return wrong.isEmpty() ? Check.pass(name, "same ce_id, ce_time and payload") : Check.fail(name, String.join("; ", wrong));
    }

    private static Check notApplicable(String name, Optional<ConsumerRecord<String, byte[]>> answer) {
        if (answer.isEmpty()) {
            return Check.fail(name, "no answer: it must be answered, not dropped or dead-lettered");
        }
        String outcome = json(answer.get()).path("outcome").asText();
        return "NOT_APPLICABLE".equals(outcome) ? Check.pass(name, "NOT_APPLICABLE")
                : Check.fail(name, "answered " + outcome);
    }

    /** A directive as an issuer publishes it (asyncapi.yaml, message directiveIssued). */
    private ProducerRecord<String, byte[]> directive(String kind, String subjectKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode payload = JSON.createObjectNode()
                .put("directiveId", UUID.randomUUID().toString())
                .put("kind", kind)
                .put("issuer", "conformance-kit")
                .put("systemId", settings.systemId())
                .put("subjectKey", subjectKey)
                .put("reference", "conformance-kit")
                .put("issuedAt", now.toString())
                .put("deadline", now.plus(Duration.ofDays(1)).toString());
        payload.putArray("dataCategories");
        payload.putObject("parameters");
        Headers headers = new RecordHeaders();
        Map<String, String> ce = new HashMap<>();
        ce.put(CloudEventHeaders.SPECVERSION, "1.0");
        ce.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        ce.put(CloudEventHeaders.SOURCE, "/heed/conformance-kit");
        ce.put(CloudEventHeaders.TYPE, EventType.DIRECTIVE_ISSUED.type());
        ce.put(CloudEventHeaders.TIME, now.toString());
        ce.put(CloudEventHeaders.SUBJECT, subjectKey);
        ce.put(CloudEventHeaders.DATASCHEMA, EventType.DIRECTIVE_ISSUED.dataschema().toString());
        ce.put(CloudEventHeaders.CONTENT_TYPE, "application/json");
        ce.forEach((name, value) -> headers.add(name, value.getBytes(UTF_8)));
        try {
            return new ProducerRecord<>(directivesTopic, null, subjectKey, JSON.writeValueAsBytes(payload), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<ConsumerRecord<String, byte[]>> await(KafkaConsumer<String, byte[]> acks, String directiveId) {
        Instant until = Instant.now().plus(settings.timeout());
        while (Instant.now().isBefore(until)) {
            for (ConsumerRecord<String, byte[]> record : acks.poll(Duration.ofMillis(200))) {
                if (directiveId.equals(record.key())) {
                    return Optional.of(record);
                }
            }
        }
        return Optional.empty();
    }

    private void send(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write to " + directivesTopic + ": " + e.getMessage(), e);
        }
    }

    private Map<String, Object> producerSettings() {
        Map<String, Object> kafka = new HashMap<>(settings.kafka());
        kafka.put(ProducerConfig.ACKS_CONFIG, "all");
        return kafka;
    }

    private Map<String, Object> consumerSettings() {
        Map<String, Object> kafka = new HashMap<>(settings.kafka());
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return kafka;
    }

    private static String directiveIdOf(ProducerRecord<String, byte[]> directive) {
        try {
            return JSON.readTree(directive.value()).path("directiveId").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(List<String> wrong, ConsumerRecord<String, byte[]> record, String header, String value) {
        if (!value.equals(header(record, header))) {
            wrong.add(header + " is not " + value);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), UTF_8);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            return JSON.nullNode();
        }
    }
}
