package dev.heed.audit.proof;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.audit.verify.CanonicalJson;
import dev.heed.audit.verify.ProofVerifier;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Audit paths served from the stored tree, for any tree size, verify with the offline verifier's
 * code and fail for a changed record. Proofs against signed heads: {@link TamperEvidenceTest}.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class ProofTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Pool database;
    @Inject
    Leadership leadership;
    @Inject
    SubjectKeys subjectKeys;

    private AuditTables tables;

    @BeforeEach
    void someEntriesLogged() {
        tables = new AuditTables(database);
        await().atMost(WAIT).until(leadership::isLeader);
        UUID requestId = UUID.randomUUID();
        String subject = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        try (Producing producing = new Producing()) {
            for (int i = 0; i < 5; i++) {
                producing.send(Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service",
                        Instant.now(), new RequestStatusChanged(requestId, subject, RequestType.ACCESS,
                                Regulation.GDPR, null, RequestStatus.RECEIVED, "test-operator", null, Instant.now())));
            }
        }
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where request_id = $1",
                requestId.toString()) == 5);
    }

    @Test
    void everyEntryIsProvenInTheCurrentAndAnEarlierTreeAndAChangedRecordIsNot() throws Exception {
        long size = tables.count("select count(*) from audit_entry");
        for (long index : List.of(0L, size / 2, size - 1)) {
            for (long treeSize : List.of(size, index + 1)) {
                JsonNode proof = entry(index, treeSize);
                assertEquals(treeSize, proof.path("treeSize").asLong());
                byte[] root = HexFormat.of().parseHex(proof.path("rootHash").asText());
                assertTrue(ProofVerifier.verifyInclusion(CanonicalJson.leafHash(proof.path("record")), index, treeSize,
                        hashes(proof.path("inclusionProof")), root), "entry " + index + " in size " + treeSize);

                ObjectNode changed = proof.path("record").deepCopy();
                changed.put("type", "dev.heed.dsr.nothing-happened.v1");
                assertFalse(ProofVerifier.verifyInclusion(CanonicalJson.leafHash(changed), index, treeSize,
                        hashes(proof.path("inclusionProof")), root));
            }
        }
    }

    @Test
    void sizesAndIndicesOutsideTheLogAreRefused() {
        long size = tables.count("select count(*) from audit_entry");
        String auditor = TestTokens.forRole(TestTokens.AUDITOR);
        given().auth().oauth2(auditor).when().get("/api/v1/audit/entries/{index}", size + 1000)
                .then().statusCode(404);
        given().auth().oauth2(auditor).queryParam("treeSize", 1).when().get("/api/v1/audit/entries/{index}", 1)
                .then().statusCode(400).body("errors[0].field", is("treeSize"));
        given().auth().oauth2(auditor).queryParam("treeSize", size + 1000).when().get("/api/v1/audit/entries/0")
                .then().statusCode(400).body("errors[0].field", is("treeSize"));
        given().auth().oauth2(auditor).when().get("/api/v1/audit/entries/minus-one")
                .then().statusCode(400).body("errors[0].field", is("index"));
        given().auth().oauth2(auditor).queryParam("from", 0).when().get("/api/v1/audit/consistency")
                .then().statusCode(400).body("errors[0].field", is("from"));
        given().auth().oauth2(auditor).queryParam("from", 3).queryParam("to", 2).when().get("/api/v1/audit/consistency")
                .then().statusCode(400).body("errors[0].field", is("from"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).when().get("/api/v1/audit/entries/0")
                .then().statusCode(403);
    }

    private static JsonNode entry(long index, long treeSize) throws Exception {
        return JSON.readTree(given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("treeSize", treeSize)
                .when().get("/api/v1/audit/entries/{index}", index)
                .then().statusCode(200).extract().asString());
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(HexFormat.of().parseHex(hash.asText())));
        return hashes;
    }
}
