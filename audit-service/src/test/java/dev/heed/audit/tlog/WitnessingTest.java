package dev.heed.audit.tlog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.heed.audit.EntryTypes;
import dev.heed.audit.head.HeadSigner;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHash;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.audit.verify.c2sp.Checkpoint;
import dev.heed.audit.verify.c2sp.SignedNote;
import dev.heed.audit.witness.WitnessSubmitter;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.platform.leadership.Leadership;
import dev.heed.testkit.audit.AuditSigningKeys;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.testkit.time.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Two real witnesses (the audit-witness module over HTTP) cosign Heed's heads; a witness that was
 * shown a fork refuses Heed's real head, which shows as a metric and an audit entry, and the head
 * then lacks the two cosignatures the policy needs, so it is not reported or used as published.
 */
@QuarkusTest
@TestProfile(WitnessedCheckpoints.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit_witness"))
class WitnessingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    MutableClock clock;
    @Inject
    Leadership leadership;
    @Inject
    HeadSigner signer;
    @Inject
    WitnessSubmitter submitter;
    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    MeterRegistry registry;

    @Test
    void twoWitnessesCosignAndAForkedWitnessRefusesVisiblyAndTheHeadIsNotPublished() throws Exception {
        await().atMost(WAIT).until(leadership::isLeader);
        long first = logAndSign(6);
        List<WitnessSubmitter.Outcome> outcomes = OnVertx.call(submitter::run).orElseThrow();
        assertThat(outcomes.toString(), outcomes.stream().allMatch(o -> o.result().equals("cosigned")), is(true));
        JsonPath status = given().get("/audit/witnessing.json").then().statusCode(200).extract().jsonPath();
        assertThat(status.getLong("latestHead.treeSize"), is(first));
        assertThat(status.getBoolean("latestHead.published"), is(true));
        assertThat(status.getList("latestHead.cosignedBy"), is(TwoWitnesses.NAMES));
        String published = given().get("/checkpoint").then().statusCode(200).extract().asString();
        assertThat(published, startsWith(CheckpointTime.ORIGIN + "\n" + first + "\n"));
        for (String name : TwoWitnesses.NAMES) {
            assertThat(published, containsString("\u2014 " + name + " "));
        }

        // Someone holding the log's key shows the second witness another history after `first`.
        forkSecondWitness(first, ConfigProvider.getConfig().getValue("heed.test.witness.w2.port", Integer.class));

        long second = logAndSign(4);
        outcomes = OnVertx.call(submitter::run).orElseThrow();
        assertThat(outcomes.toString(), outcomes.get(0).result(), is("cosigned"));
        assertThat(outcomes.toString(), outcomes.get(1).result(), is("conflict"));
        assertThat(registry.find("heed.audit.witness.refusals").tag("witness", TwoWitnesses.NAMES.get(1))
                .tag("reason", "conflict").counter().count(), is(1.0));
        // Logged once, however often the leader tries again.
        OnVertx.call(submitter::run).orElseThrow();
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where event_type = $1",
                EntryTypes.WITNESS_REFUSED) == 1);
        String entry = tables.count("select count(*) from audit_entry where event_type = $1 and record like $2",
                EntryTypes.WITNESS_REFUSED, "%\"witnessSize\":" + (first + 3) + "%") == 1 ? "found" : "missing";
        assertThat(entry, is("found"));

        // One cosignature of the two needed: the new head is not published, and nothing uses it as such.
        status = given().get("/audit/witnessing.json").then().statusCode(200).extract().jsonPath();
        assertThat(status.getLong("latestHead.treeSize"), is(second));
        assertThat(status.getBoolean("latestHead.published"), is(false));
        assertThat(status.getList("latestHead.cosignedBy"), is(List.of(TwoWitnesses.NAMES.get(0))));
        given().get("/checkpoint").then().statusCode(200).body(startsWith(CheckpointTime.ORIGIN + "\n" + first + "\n"));
        given().auth().oauth2(dev.heed.testkit.jwt.TestTokens.forRole(dev.heed.testkit.jwt.TestTokens.AUDITOR))
                .get("/api/v1/audit/entries/0/proof").then().statusCode(200)
                .body("treeHead.treeSize", is((int) first));
    }

    /** Submits a checkpoint of {@code first + 3} leaves whose last three are not Heed's, signed with Heed's key. */
    private void forkSecondWitness(long first, int secondWitness) throws Exception {
        Map<Subtree, byte[]> tree = new HashMap<>();
        List<Row> leaves = new java.util.ArrayList<>();
        OnVertx.call(() -> database.preparedQuery("select idx, hash from tree_node where level = 0 and idx < $1"
                + " order by idx").execute(Tuple.of(first))).forEach(leaves::add);
        long size = 0;
        for (Row row : leaves) {
            append(tree, size++, row.getBuffer("hash").getBytes());
        }
        for (int i = 0; i < 3; i++) {
            append(tree, size++, TreeHash.leaf(("forked " + i).getBytes()));
        }
        long forked = size;
        String text = new Checkpoint(CheckpointTime.ORIGIN, forked, MerkleTree.root(forked, tree::get)).text();
        PrivateKey key = TreeHeadSignature.privateKeyFromPem(Files.readString(CheckpointTime.NOTE_KEY));
        PublicKey publicKey = TreeHeadSignature.publicKeyFromPem(
                Files.readString(AuditSigningKeys.publicKey(CheckpointTime.NOTE_KEY)));
        SignedNote fork = new SignedNote(text, List.of(SignedNote.sign(text, CheckpointTime.ORIGIN, key, publicKey)));
        StringBuilder body = new StringBuilder("old ").append(first).append('\n');
        MerkleTree.consistencyProof(first, forked, tree::get)
                .forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + secondWitness + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body.append('\n').append(fork.format()).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body(), answer.statusCode(), is(200));
    }

    private static void append(Map<Subtree, byte[]> tree, long index, byte[] leaf) {
        tree.put(new Subtree(0, index), leaf);
        for (Subtree done : MerkleTree.completedBy(index)) {
            tree.put(done, TreeHash.node(tree.get(new Subtree(done.level() - 1, 2 * done.index())),
                    tree.get(new Subtree(done.level() - 1, 2 * done.index() + 1))));
        }
    }

    private long logAndSign(int count) {
        UUID request = UUID.randomUUID();
        String subject = subjectKeys.keyOf("customer-" + request);
        try (Producing producing = new Producing()) {
            for (int i = 0; i < count; i++) {
                producing.send(Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service",
                        Instant.now(), new RequestStatusChanged(request, subject, RequestType.ACCESS,
                                Regulation.GDPR, null, RequestStatus.RECEIVED, "test-operator", null, Instant.now())));
            }
        }
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where request_id = $1",
                request.toString()) == count);
        clock.advance(Duration.ofSeconds(11));
        List<StoredHead> signed = OnVertx.call(signer::run).orElseThrow();
        return signed.get(signed.size() - 1).treeSize();
    }
}
