package dev.heed.audit.proof;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.AuditConfig;
import dev.heed.audit.EntryTypes;
import dev.heed.audit.head.HeadSigner;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.log.AppendPlan;
import dev.heed.audit.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.audit.support.Verifier;
import dev.heed.audit.verify.EvidenceDocuments;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHead;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.EventPayload;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.audit.AuditSigningKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The log's tamper evidence on the real broker and database: events produced on the real topics
 * are appended, heads are signed and published, and what the service hands out verifies with the
 * auditor's {@code heed-verify.jar}, and stops verifying once anything in it is altered. The last
 * test rewrites an entry and every stored hash behind the service's back; it runs last because it
 * leaves this class's database tampered with.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit_proofs"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperEvidenceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDITOR = TestTokens.AUDITOR;
    private static final UUID REQUEST = UUID.randomUUID();
    private static final UUID DIRECTIVE = UUID.randomUUID();
    private static final Path PUBLIC_KEY = AuditSigningKeys.publicKey(AuditSigningKeys.perJvm());

    @Inject
    MutableClock clock;
    @Inject
    Leadership leadership;
    @Inject
    HeadSigner signer;
    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    AuditConfig config;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leader() {
        await().atMost(WAIT).until(leadership::isLeader);
    }

    @Test
    @Order(1)
    void proofsVerifyWithTheStandaloneVerifierAndFailForAChangedEntryOrAForgedHead() throws Exception {
        produceRequest(REQUEST, DIRECTIVE);
        long first = signAfterAppended("request_id = '" + REQUEST + "' or directive_id = '" + DIRECTIVE + "'", 5);
        // Before the interval is over, only a head of max-leaves new entries is due.
        OnVertx.call(signer::run).orElseThrow().forEach(early ->
                assertThat(early.treeSize() - early.firstLeafIndex(), is((long) MovableTime.MAX_LEAVES)));
        UUID other = UUID.randomUUID();
        produceRequest(other, UUID.randomUUID());
        long second = signAfterAppended("request_id = '" + other + "'", 3);
        assertThat(second > first, is(true));

        // Published outside the database, with the leaf hashes each head added.
        try (TopicReader heads = new TopicReader(bootstrapServers, Topics.AUDIT_HEADS)) {
            JsonNode next = TopicReader.json(heads.awaitRecord(heads.beginning(),
                    r -> TopicReader.json(r).path("firstLeafIndex").asLong(-1) == first));
            assertThat(next.path("treeSize").asLong(), is(first + next.path("leafHashes").size()));
            JsonNode published = TopicReader.json(heads.awaitRecord(heads.beginning(),
                    r -> TopicReader.json(r).path("treeSize").asLong() == second));
            assertThat(published.path("firstLeafIndex").asLong() + published.path("leafHashes").size(), is(second));
        }

        long leaf = leafIndexOf(REQUEST);
        String proof = given().auth().oauth2(TestTokens.forRole(AUDITOR))
                .get("/api/v1/audit/entries/{leaf}/proof", leaf)
                .then().statusCode(200).extract().asString();
        Verifier.Outcome verified = Verifier.run("inclusion", proof, PUBLIC_KEY);
        assertThat(verified.output(), verified.exitCode(), is(0));
        assertThat(verified.output(), containsString("VERIFIED"));

        ObjectNode changed = (ObjectNode) JSON.readTree(proof);
        ((ObjectNode) changed.path("record").path("data")).put("actor", "someone-else");
        Verifier.Outcome tampered = Verifier.run("inclusion", changed.toString(), PUBLIC_KEY);
        assertThat(tampered.output(), tampered.exitCode(), is(1));
        assertThat(tampered.output(), containsString("entry " + leaf + " does not verify"));

        ObjectNode forged = (ObjectNode) JSON.readTree(proof);
        forged.set("treeHead", forgedHead(forged.path("treeHead")));
        Verifier.Outcome forgery = Verifier.run("inclusion", forged.toString(), PUBLIC_KEY);
        assertThat(forgery.output(), forgery.exitCode(), is(1));
        assertThat(forgery.output(), containsString("forged or altered"));

        String consistency = given().auth().oauth2(TestTokens.forRole(AUDITOR))
                .queryParam("from", first)
                .get("/api/v1/audit/consistency")
                .then().statusCode(200).extract().asString();
        assertThat(JSON.readTree(consistency).path("toHead").path("treeSize").asLong(), is(second));
        Verifier.Outcome consistent = Verifier.run("consistency", consistency, PUBLIC_KEY);
        assertThat(consistent.output(), consistent.exitCode(), is(0));
        ObjectNode forgedLater = (ObjectNode) JSON.readTree(consistency);
        forgedLater.set("toHead", forgedHead(forgedLater.path("toHead")));
        assertThat(Verifier.run("consistency", forgedLater.toString(), PUBLIC_KEY).exitCode(), is(1));

        // Each proof asked for is itself an entry naming who asked.
        await().atMost(WAIT).until(() -> count("event_type = 'dev.heed.audit.queried.v1'"
                + " and cast(record as jsonb) -> 'data' ->> 'kind' = 'inclusion-proof'"
                + " and cast(record as jsonb) -> 'data' ->> 'leafIndex' = '" + leaf + "'"
                + " and actor is not null") == 1);
    }

    @Test
    @Order(2)
    void unknownOrMalformedProofRequestsAreProblemsAndKeysAreOpen() {
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).get("/api/v1/audit/entries/999999999/proof")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).get("/api/v1/audit/entries/first/proof")
                .then().statusCode(400).body("errors[0].field", is("index"));
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).queryParam("treeSize", 999999999)
                .get("/api/v1/audit/entries/0/proof").then().statusCode(404);
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).get("/api/v1/audit/consistency")
                .then().statusCode(400).body("errors[0].field", is("from"));
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).queryParam("from", 3).queryParam("to", 2)
                .get("/api/v1/audit/consistency").then().statusCode(400).body("errors[0].field", is("from"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT)).get("/api/v1/audit/entries/0/proof")
                .then().statusCode(403);
        given().get("/api/v1/audit/entries/0/proof").then().statusCode(401);

        String keyId = TreeHeadSignature.keyId(TreeHeadSignature.publicKeyFromPem(read(PUBLIC_KEY)));
        given().get("/audit/keys.json").then().statusCode(200)
                .body("current", is(keyId))
                .body("keys[0].keyId", is(keyId))
                .body("keys[0].pem", startsWith("-----BEGIN PUBLIC KEY-----"));
        given().get("/audit/public-key.pem").then().statusCode(200).body(is(read(PUBLIC_KEY)));
    }

    @Test
    @Order(3)
    void theEvidenceBundleOfARequestVerifiesOffline() throws Exception {
        // A read of the log about the request is itself logged, and left out of the request's evidence.
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).queryParam("requestId", REQUEST)
                .get("/api/v1/audit/entries").then().statusCode(200);
        Response download = given().auth().oauth2(TestTokens.forRole(AUDITOR))
                .get("/api/v1/audit/evidence/requests/{id}", REQUEST);
        download.then().statusCode(200)
                .header("Content-Disposition", containsString("attachment; filename=\"evidence-request-" + REQUEST));
        JsonNode bundle = JSON.readTree(download.asString());
        List<String> types = new ArrayList<>();
        bundle.path("entries").forEach(entry -> types.add(entry.path("record").path("type").asText()));
        assertThat(types, hasItems(EventType.DSR_STATUS_CHANGED.type(), EventType.DIRECTIVE_ISSUED.type(),
                EventType.DIRECTIVE_ACKNOWLEDGED.type()));
        assertThat(types, not(hasItem(EntryTypes.AUDIT_QUERIED)));
        assertThat(bundle.path("about").path("pendingEntries").asInt(), greaterThanOrEqualTo(0));
        Verifier.Outcome verified = Verifier.run("bundle", download.asString(), PUBLIC_KEY);
        assertThat(verified.output(), verified.exitCode(), is(0));

        ObjectNode changed = (ObjectNode) bundle.deepCopy();
        ((ObjectNode) changed.path("entries").get(0).path("record")).put("time", "2020-01-01T00:00:00Z");
        assertThat(Verifier.run("bundle", changed.toString(), PUBLIC_KEY).exitCode(), is(1));

        given().auth().oauth2(TestTokens.forRole(AUDITOR)).get("/api/v1/audit/evidence/requests/{id}", UUID.randomUUID())
                .then().statusCode(404);
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).get("/api/v1/audit/evidence/requests/not-a-request")
                .then().statusCode(400).body("errors[0].field", is("requestId"));
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).get("/api/v1/audit/evidence/withdrawals/{id}", REQUEST)
                .then().statusCode(404);
    }

    @Test
    @Order(4)
    void anEntryRewrittenWithEveryStoredHashRecomputedIsNamedByTheIntegrityCheck() throws Exception {
        awaitPublished(database.query("select max(tree_size) as size from signed_head").execute().await().atMost(WAIT)
                .iterator().next().getLong("size"));
        given().auth().oauth2(TestTokens.forRole(AUDITOR)).post("/api/v1/audit/integrity-checks")
                .then().statusCode(200).body("valid", is(true)).body("problem", is((Object) null));

        long leaf = leafIndexOf(REQUEST);
        rewriteWithEveryHashRecomputed(leaf);

        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).post("/api/v1/audit/integrity-checks")
                .then().statusCode(200)
                .body("valid", is(false))
                .body("firstInvalidLeafIndex", is((int) leaf))
                .body("problem", containsString("published"));
        // The head the database now holds has a root its signature does not cover.
        String proof = given().auth().oauth2(TestTokens.forRole(AUDITOR))
                .get("/api/v1/audit/entries/{leaf}/proof", leaf).then().statusCode(200).extract().asString();
        assertThat(Verifier.run("inclusion", proof, PUBLIC_KEY).exitCode(), is(1));
    }

    /** What a database administrator could do: change one record, then recompute every hash the database keeps. */
    private void rewriteWithEveryHashRecomputed(long leaf) {
        database.withTransaction(connection -> connection
                // The appender's lock: no leaf is appended while the tree is rebuilt.
                .preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(config.append().lockKey()))
                .chain(() -> connection.query("select record from audit_entry order by leaf_index").execute())
                .chain(rows -> {
                    List<JsonNode> records = new ArrayList<>();
                    rows.forEach(row -> records.add(parse(row.getString("record"))));
                    ((ObjectNode) records.get((int) leaf).path("data")).put("reason", "rewritten afterwards");
                    AppendPlan rebuilt = AppendPlan.of(0, Map.of(), records);
                    Map<Subtree, byte[]> nodes = rebuilt.nodes();
                    return connection.query("alter table audit_entry disable trigger audit_entry_append_only;"
                                    + " alter table tree_node disable trigger tree_node_append_only;"
                                    + " alter table signed_head disable trigger signed_head_append_only").execute()
                            .chain(() -> connection.preparedQuery(
                                            "update audit_entry set record = $1 where leaf_index = $2")
                                    .execute(Tuple.of(rebuilt.entries().get((int) leaf).canonical(), leaf)))
                            .chain(() -> connection.preparedQuery(
                                            "update tree_node set hash = $1 where level = $2 and idx = $3")
                                    .executeBatch(nodes.entrySet().stream()
                                            .map(node -> Tuple.of(Buffer.buffer(node.getValue()),
                                                    (short) node.getKey().level(), node.getKey().index()))
                                            .toList()))
                            .chain(() -> connection.query("select tree_size from signed_head").execute())
                            .chain(sizes -> {
                                List<Tuple> roots = new ArrayList<>();
                                sizes.forEach(row -> roots.add(Tuple.of(Buffer.buffer(
                                        MerkleTree.root(row.getLong("tree_size"), nodes::get)),
                                        row.getLong("tree_size"))));
                                return connection.preparedQuery(
                                                "update signed_head set root_hash = $1 where tree_size = $2")
                                        .executeBatch(roots);
                            })
                            .chain(() -> connection.query("alter table audit_entry enable trigger audit_entry_append_only;"
                                    + " alter table tree_node enable trigger tree_node_append_only;"
                                    + " alter table signed_head enable trigger signed_head_append_only").execute());
                }))
                .await().atMost(WAIT);
        assertThat(count("leaf_index = " + leaf + " and record like '%rewritten afterwards%'"), is(1L));
    }

    /** Waits until the log holds {@code expected} entries matching, moves the clock past the signing interval and signs. */
    private long signAfterAppended(String condition, int expected) {
        await().atMost(WAIT).until(() -> count(condition) >= expected);
        clock.advance(Duration.ofSeconds(11));
        List<StoredHead> signed = OnVertx.call(signer::run).orElseThrow();
        assertThat(signed.isEmpty(), is(false));
        // Bounded by max-leaves: each published head carries the hashes of the leaves it adds.
        signed.forEach(head -> assertThat(head.treeSize() - head.firstLeafIndex() <= MovableTime.MAX_LEAVES, is(true)));
        long size = signed.get(signed.size() - 1).treeSize();
        assertThat(count("true") >= size, is(true));
        return size;
    }

    private void awaitPublished(long treeSize) {
        try (TopicReader heads = new TopicReader(bootstrapServers, Topics.AUDIT_HEADS)) {
            heads.awaitRecord(heads.beginning(), r -> TopicReader.json(r).path("treeSize").asLong() == treeSize);
        }
    }

    /** The same head with another root, signed by a key that is not the log's. */
    private static ObjectNode forgedHead(JsonNode head) {
        KeyPair other = TreeHeadSignature.generate();
        byte[] root = HexFormat.of().parseHex(head.path("rootHash").asText());
        root[0] ^= 1;
        TreeHead forged = new TreeHead(head.path("treeSize").asLong(), root, Instant.parse(head.path("signedAt").asText()),
                TreeHeadSignature.keyId(other.getPublic()), TreeHeadSignature.ALGORITHM);
        return EvidenceDocuments.signedHead(forged, TreeHeadSignature.sign(forged, other.getPrivate()));
    }

    private long leafIndexOf(UUID request) {
        return database.preparedQuery("select min(leaf_index) as leaf from audit_entry where request_id = $1"
                        + " and event_type = $2")
                .execute(Tuple.of(request.toString(), EventType.DSR_STATUS_CHANGED.type())).await().atMost(WAIT)
                .iterator().next().getLong("leaf");
    }

    private long count(String condition) {
        return database.query("select count(*) as n from audit_entry where " + condition).execute()
                .await().atMost(WAIT).iterator().next().getLong("n");
    }

    /** A request's facts, a directive issued for it to one system and that system's acknowledgement. */
    private void produceRequest(UUID request, UUID directive) {
        String subject = subjectKeys.keyOf("customer-" + request);
        Instant now = Instant.now();
        String system = "proofs-desk";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service", now,
                    new RequestStatusChanged(request, subject, RequestType.ERASURE, Regulation.GDPR, null,
                            RequestStatus.RECEIVED, "dsr-service", "received", now)));
            send(producer, Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service", now,
                    new RequestStatusChanged(request, subject, RequestType.ERASURE, Regulation.GDPR,
                            RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, "operator-7", "identity verified", now)));
            send(producer, Topics.directives(system), HeedEvent.of(EventType.DIRECTIVE_ISSUED, "/heed/dsr-service", now,
                    new DirectiveIssued(directive, DirectiveKind.ERASE, "dsr-service", system, subject, Map.of(), null,
                            Set.of("contact"), Map.of(), request.toString(), now, now.plus(Duration.ofDays(30)))));
            send(producer, Topics.acks(system), HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, "/heed/" + system, now,
                    new DirectiveAcknowledgement(directive, system, AckOutcome.DONE, 3L, null, null, null, now)));
            send(producer, Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service", now,
                    new RequestStatusChanged(request, subject, RequestType.ERASURE, Regulation.GDPR,
                            RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED, "dsr-service", "every system answered",
                            now)));
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, HeedEvent<? extends EventPayload> event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.kafkaKey(), event.dataBytes());
        event.headerValues().forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
        producer.send(record);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
