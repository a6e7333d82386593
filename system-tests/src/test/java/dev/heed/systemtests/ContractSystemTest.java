package dev.heed.systemtests;

import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.subject.SubjectKeySecret;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A downstream system built from the published contract only ({@code src/test/python/contract_system.py}:
 * Python and librdkafka, no project code) against the packaged dsr-service on the real broker, onboarded
 * with the template's topics and Kafka user: an erasure and an access request complete with it, a re-sent
 * directive gets the identical answer, a kind it does not know gets NOT_APPLICABLE, the refusal of a
 * malformed answer reaches it, and it checks the subject-key test vectors. Debian's
 * python3-confluent-kafka is required: without it this test fails (.ci/run installs it).
 */
class ContractSystemTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";

    private static HeedStack stack;
    private static String dsr;
    private static String bootstrapServers;
    private static SubjectKeys subjectKeys;
    private static String systemId;
    private static Map<String, String> systemKafka;
    private static Path workDir;
    private static Path output;
    private static Process python;

    @BeforeAll
    static void startDsrServiceAndThePythonSystem() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka").redirectErrorStream(true).start();
        assertEquals(0, probe.waitFor(), "python3-confluent-kafka is required: apt-get install python3-confluent-kafka");

        Path root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        HeedInfra infra = HeedInfra.get();
        bootstrapServers = infra.kafkaBootstrapServers();
        HeedService dsrService = HeedService.ALL.get(1).onPort(InfraProcess.freePort()).onDatabase("heed_dsr_contract");
        String secret = SubjectKeySecret.perJvm();
        subjectKeys = new SubjectKeys(SubjectKeySecret.VERSION, Base64.getDecoder().decode(secret));
        workDir = root.resolve("system-tests/target/contract-system");
        stack = HeedStack.start(root, infra, TestTokens.issuer(), secret, workDir, List.of(dsrService), true,
                Duration.ofMinutes(3));
        dsr = stack.process("dsr-service").baseUrl();

        systemId = "py-contract-" + UUID.randomUUID().toString().substring(0, 8);
        systemKafka = infra.onboardSystem(systemId);
        given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("systemId", systemId, "name", "Contract system", "ownerTeam", "outside",
                        "dataCategories", List.of("support", "contact"), "purposes", List.of("customer-support"),
                        "directiveKinds", List.of("ERASE", "EXPORT")))
                .when().post("/api/v1/systems").then().statusCode(201);
        await().atMost(WAIT).until(() -> given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/api/v1/systems/" + systemId).statusCode() == 200);
        // Ready means the registry view has read privacy.systems.v1 to its end at start: it knows the system.
        stack.restart(stack.process("dsr-service"), Duration.ofMinutes(3));

        Files.createDirectories(workDir);
        Path customers = workDir.resolve(systemId + "-customers.json");
        Files.writeString(customers, "{}");
        output = workDir.resolve(systemId + ".out");
        Map<String, String> env = new HashMap<>();
        // The test broker's PLAINTEXT listener: Debian 12's librdkafka (2.0.2) fails SCRAM-SHA-512 against
        // Kafka 4 brokers ("invalid credentials"; fixed in librdkafka 2.6.1). The script speaks SASL
        // (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*) for a newer librdkafka; the ACLs of its user are exercised
        // below by the malformed answer written as that user.
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("HEED_SYSTEM_ID", systemId);
        env.put("HEED_SUBJECT_KEYS_VERSION", Integer.toString(SubjectKeySecret.VERSION));
        env.put("HEED_SUBJECT_KEYS_SECRET", secret);
        env.put("HEED_SYSTEM_TOKEN", TestTokens.forSystem(systemId));
        env.put("HEED_CONTRACT_DIR", root.resolve("privacy-events/src/main/resources").toString());
        env.put("CUSTOMERS_FILE", customers.toString());
        env.put("ANSWERS_FILE", workDir.resolve(systemId + "-answers.json").toString());
        ProcessBuilder builder = new ProcessBuilder(PYTHON, root.resolve("system-tests/src/test/python/contract_system.py")
                .toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        python = builder.start();
        await().atMost(WAIT).until(() -> event("ready").isPresent() || !python.isAlive());
        assertThat("the Python system runs: " + Files.readString(output), python.isAlive(), is(true));
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (python != null) {
            python.destroy();
            if (!python.waitFor(10, TimeUnit.SECONDS)) {
                python.destroyForcibly();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSubjectKeyTestVectorsPassInIt() throws IOException {
        assertThat(event("vectors-ok").orElseThrow().path("count").asInt(), is(9));
    }

    @Test
    void anErasureCompletesWithItAndAReSentDirectiveGetsTheIdenticalAnswer() throws Exception {
        String customerId = "customer-" + UUID.randomUUID();
        hold(customerId, List.of(Map.of("category", "support", "text", "Parcel lost"),
                Map.of("category", "contact", "text", "+49 151 0000")));
        try (TopicReader directives = new TopicReader(bootstrapServers, Topics.directives(systemId));
                TopicReader acks = new TopicReader(bootstrapServers, Topics.acks(systemId))) {
            Map<TopicPartition, Long> directivesFrom = directives.end();
            Map<TopicPartition, Long> acksFrom = acks.end();
            JsonPath filed = file("ERASURE", customerId);
            String directiveId = filed.getString("directive.id");
            String requestId = filed.getString("id");
            answerForForeignSystems(filed);

            await().atMost(WAIT).until(() -> request(requestId).getString("status"), is("COMPLETED"));
            assertThat(task(request(requestId), "state"), is("DONE"));
            assertThat(task(request(requestId), "recordsAffected"), is(2));
            assertThat(customers().has(customerId), is(false));

            ConsumerRecord<String, byte[]> directive = directives.awaitRecord(directivesFrom,
                    r -> directiveId.equals(json(r).path("directiveId").asText()));
            ConsumerRecord<String, byte[]> first = acks.awaitKey(acksFrom, directiveId);
            assertThat(header(first, CloudEventHeaders.SOURCE), is("/heed/systems/" + systemId));
            assertThat(header(first, CloudEventHeaders.SUBJECT), is((String) null));

            Map<TopicPartition, Long> resentFrom = acks.end();
            publish(directive.topic(), directive.key(), directive.value(), directive.headers());
            ConsumerRecord<String, byte[]> again = acks.awaitKey(resentFrom, directiveId);
            assertThat(header(again, CloudEventHeaders.ID), is(header(first, CloudEventHeaders.ID)));
            assertThat(header(again, CloudEventHeaders.TIME), is(header(first, CloudEventHeaders.TIME)));
            assertThat(json(again), is(json(first)));
        }
    }

    @Test
    void anAccessRequestCompletesWithItsUploadedExport() throws Exception {
        String customerId = "customer-" + UUID.randomUUID();
        hold(customerId, List.of(Map.of("category", "support", "text", "Invoice question")));
        JsonPath filed = file("ACCESS", customerId);
        String requestId = filed.getString("id");
        answerForForeignSystems(filed);

        await().atMost(WAIT).until(() -> request(requestId).getString("status"), is("COMPLETED"));
        JsonPath done = request(requestId);
        assertThat(task(done, "state"), is("DONE"));
        assertThat(task(done, "recordsAffected"), is(1));
        JsonNode answered = event("answered", e -> e.path("directiveId").asText()
                .equals(filed.getString("directive.id"))).orElseThrow();
        assertThat(answered.path("kind").asText(), is("EXPORT"));
        assertThat(customers().has(customerId), is(true));
    }

    @Test
    void aKindItDoesNotKnowIsAnsweredNotApplicable() throws Exception {
        String directiveId = UUID.randomUUID().toString();
        ObjectNode future = JSON.createObjectNode().put("directiveId", directiveId).put("kind", "TELEPORT")
                .put("issuer", "dsr-service").put("systemId", systemId)
                .put("subjectKey", subjectKeys.keyOf("customer-" + UUID.randomUUID()))
                .put("issuedAt", Instant.now().toString()).put("deadline", Instant.now().plusSeconds(3600).toString());
        RecordHeaders headers = new RecordHeaders();
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/heed/dsr-service",
                "ce_type", "dev.heed.directive.issued.v1", "ce_time", Instant.now().toString(),
                "content-type", "application/json")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        try (TopicReader acks = new TopicReader(bootstrapServers, Topics.acks(systemId))) {
            Map<TopicPartition, Long> from = acks.end();
            publish(Topics.directives(systemId), future.path("subjectKey").asText(), JSON.writeValueAsBytes(future),
                    headers);
            JsonNode answer = json(acks.awaitKey(from, directiveId));
            assertThat(answer.path("outcome").asText(), is(AckOutcome.NOT_APPLICABLE.name()));
            assertThat(answer.path("reason").asText(), startsWith("system " + systemId + " does not handle"));
        }
    }

    @Test
    void theRefusalOfAMalformedAnswerReachesTheSystem() throws Exception {
        String badId = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_id", badId.getBytes(StandardCharsets.UTF_8));
        headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        // Written as the system itself, on its own acks topic: no ce_type, ce_source or ce_time.
        Map<String, Object> asSystem = new HashMap<>(systemKafka);
        asSystem.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(asSystem, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.acks(systemId), null, UUID.randomUUID().toString(),
                    "{\"outcome\":\"DONE\"}".getBytes(StandardCharsets.UTF_8), headers)).get(30, TimeUnit.SECONDS);
        }
        JsonNode refusal = await().atMost(WAIT).until(
                () -> event("refusal", e -> badId.equals(e.path("ceId").asText())), Optional::isPresent).orElseThrow();
        assertThat(refusal.path("reason").asText(), startsWith("MALFORMED: "));
    }

    // --- the Python system's side

    private static void hold(String customerId, List<Map<String, String>> records) throws IOException {
        // Written before any directive about the customer exists, while the system only reads the file.
        ObjectNode all = (ObjectNode) customers();
        all.set(customerId, JSON.valueToTree(records));
        Path file = workDir.resolve(systemId + "-customers.json");
        Files.writeString(file.resolveSibling(file.getFileName() + ".new"), JSON.writeValueAsString(all));
        Files.move(file.resolveSibling(file.getFileName() + ".new"), file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonNode customers() throws IOException {
        return JSON.readTree(workDir.resolve(systemId + "-customers.json").toFile());
    }

    private static Optional<JsonNode> event(String name) throws IOException {
        return event(name, e -> true);
    }

    private static Optional<JsonNode> event(String name, java.util.function.Predicate<JsonNode> which)
            throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return events.stream().filter(e -> name.equals(e.path("event").asText())).filter(which).findFirst();
    }

    // --- dsr-service over HTTP, the broker as the issuer

    private static JsonPath file(String type, String customerId) {
        return given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .contentType(ContentType.JSON)
                .body(Map.of("type", type, "regulation", "GDPR", "customerId", customerId,
                        "verificationNote", "ID card checked at the counter"))
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath request(String requestId) {
        return given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/api/v1/requests/" + requestId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Object task(JsonPath request, String field) {
        return request.get("directive.tasks.find { it.systemId == '" + systemId + "' }." + field);
    }

    /** Systems other test classes registered on this broker answer that they hold nothing. */
    private static void answerForForeignSystems(JsonPath filed) {
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        for (String other : filed.getList("directive.tasks.systemId", String.class)) {
            if (!other.equals(systemId)) {
                DownstreamSystem.answering(bootstrapServers, other).acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
            }
        }
    }

    private static void publish(String topic, String key, byte[] value, org.apache.kafka.common.header.Headers headers)
            throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        }
    }
}
