package dev.heed.audit.tlog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.sun.net.httpserver.HttpServer;
import dev.heed.audit.head.HeadSigner;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.audit.verify.c2sp.NoteKeys;
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
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Heed's checkpoints, tiles and entry bundles verify with Go's golang.org/x/mod/sumdb (code Heed
 * did not write): the note signature, an inclusion proof computed from the tiles, and a consistency
 * proof between two checkpoints; a tile, an entry or a key changed on the way makes it fail.
 */
@QuarkusTest
@TestProfile(CheckpointTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit_tlog"))
class IndependentVerificationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    // More than one full tile: level 0 has a full and a partial tile, level 1 a partial one.
    private static final int FIRST_BATCH = 300;

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

    @TestHTTPResource("/")
    URL service;

    @Test
    void goVerifiesSignatureInclusionAndConsistencyAndRejectsAChangedTileEntryOrKey() throws Exception {
        GoVerifier go = GoVerifier.build();
        await().atMost(WAIT).until(leadership::isLeader);
        String token = TestTokens.forRole(TestTokens.AUDITOR);
        String vkey = given().get("/checkpoint.vkey").then().statusCode(200).extract().asString().strip();
        assertThat(vkey, is(NoteKeys.vkey(CheckpointTime.ORIGIN, NoteKeys.ED25519, TreeHeadSignature
                .publicKeyFromPem(Files.readString(AuditSigningKeys.publicKey(CheckpointTime.NOTE_KEY))))));
        String log = service.toString();

        long first = logAndSign(FIRST_BATCH);
        Path earlier = Files.createTempFile("heed-checkpoint-", ".txt");
        earlier.toFile().deleteOnExit();
        GoVerifier.Result firstCheck = go.verify(log, vkey, token, "-index", "3", "-save", earlier.toString());
        assertThat(firstCheck.output(), firstCheck.exit(), is(0));
        assertThat(firstCheck.output(), containsString("size " + first + " root"));

        long second = logAndSign(17);
        GoVerifier.Result check = go.verify(log, vkey, token, "-index", Long.toString(second - 1),
                "-old", earlier.toString());
        assertThat(check.output(), check.exit(), is(0));
        assertThat(check.output(), containsString("signature verified"));
        assertThat(check.output(), containsString("entry " + (second - 1) + " included"));
        assertThat(check.output(), containsString("size " + first + " consistent with size " + second));
        GoVerifier.Result early = go.verify(log, vkey, token, "-index", "200");
        assertThat(early.output(), early.exit(), is(0));

        // Full tiles are immutable and cached long; the partial one and the checkpoint briefly.
        given().get("/tile/0/000").then().statusCode(200).header("Cache-Control", containsString("max-age=31536000"))
                .header("Content-Length", "8192");
        given().get("/tile/0/001.p/" + (second - 256)).then().statusCode(200)
                .header("Cache-Control", containsString("max-age=60"));
        given().get("/tile/0/002").then().statusCode(404);
        given().get("/tile/0/x1/000").then().statusCode(400);
        given().get("/tile/entries/000").then().statusCode(401);
        given().get("/checkpoint").then().statusCode(200)
                .body(startsWith(CheckpointTime.ORIGIN + "\n" + second + "\n"));

        try (Tampering proxy = new Tampering(log, "/tile/0/000", Tampering::flipLast)) {
            GoVerifier.Result tampered = go.verify(proxy.url(), vkey, token, "-index", "3");
            assertThat(tampered.output(), tampered.exit(), is(1));
            assertThat(tampered.output(), containsString("FAIL"));
        }
        try (Tampering proxy = new Tampering(log, "/tile/entries/000", Tampering::flipLast)) {
            GoVerifier.Result tampered = go.verify(proxy.url(), vkey, token, "-index", "255");
            assertThat(tampered.output(), tampered.exit(), is(1));
        }
        String otherKey = NoteKeys.vkey(CheckpointTime.ORIGIN, NoteKeys.ED25519,
                TreeHeadSignature.generate().getPublic());
        GoVerifier.Result foreign = go.verify(log, otherKey, token);
        assertThat(foreign.output(), foreign.exit(), is(1));
    }

    /** Logs {@code count} events, waits until they are appended, signs a head and returns its size. */
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

    /** A proxy in front of the service that changes one path's body on the way. */
    private static final class Tampering implements AutoCloseable {

        private final HttpServer server;

        Tampering(String upstream, String path, UnaryOperator<byte[]> change) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        upstream.replaceAll("/$", "") + exchange.getRequestURI()));
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                try {
                    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                    byte[] body = exchange.getRequestURI().getPath().equals(path)
                            ? change.apply(response.body()) : response.body();
                    exchange.sendResponseHeaders(response.statusCode(), body.length);
                    exchange.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(502, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        static byte[] flipLast(byte[] body) {
            byte[] changed = body.clone();
            changed[changed.length - 1] ^= 1;
            return changed;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
