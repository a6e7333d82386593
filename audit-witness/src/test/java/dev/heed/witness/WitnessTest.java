package dev.heed.witness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHash;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.audit.verify.c2sp.Checkpoint;
import dev.heed.audit.verify.c2sp.NoteKeys;
import dev.heed.audit.verify.c2sp.SignedNote;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two witnesses over real HTTP cosign a growing log and refuse a fork, a stale size and a forged note. */
class WitnessTest {

    private static final String ORIGIN = "heed.test/audit";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final KeyPair logKey = TreeHeadSignature.generate();

    @Test
    void twoWitnessesCosignAGrowingLogAndRefuseAForkAStaleSizeAndAForgery() throws Exception {
        Properties first = config("witness.test/w1", dir.resolve("w1"));
        Properties second = config("witness.test/w2", dir.resolve("w2"));
        Log log = new Log();
        log.append(5);
        WitnessServer one = WitnessMain.serve(first);
        try (WitnessServer two = WitnessMain.serve(second)) {
            SignedNote five = log.checkpoint(logKey);
            for (WitnessServer witness : List.of(one, two)) {
                HttpResponse<String> answer = add(witness, 0, List.of(), five);
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(cosigned(five, answer.body(), vkey(witness)), answer.body());
            }
            long size5 = 5;
            log.append(4);
            SignedNote nine = log.checkpoint(logKey);
            for (WitnessServer witness : List.of(one, two)) {
                HttpResponse<String> answer = add(witness, size5, log.consistency(size5), nine);
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(cosigned(nine, answer.body(), vkey(witness)));
            }

            // A fork: the same first nine leaves told differently, signed by the log's own key.
            Log fork = new Log();
            fork.append(9);
            fork.append(3);
            HttpResponse<String> forked = add(two, 9, fork.consistency(9), fork.checkpoint(logKey));
            assertEquals(422, forked.statusCode());
            // A stale old size: the witness names the size it cosigned.
            HttpResponse<String> stale = add(two, 5, log.consistency(5), nine);
            assertEquals(409, stale.statusCode());
            assertEquals("9\n", stale.body());
            assertEquals("text/x.tlog.size", stale.headers().firstValue("Content-Type").orElseThrow());
            // Signed by another key under the log's name, and a log the witness does not know.
            log.append(1);
            assertEquals(403, add(two, 9, log.consistency(9), log.checkpoint(TreeHeadSignature.generate())).statusCode());
            assertEquals(404, add(two, 0, List.of(), new Log().appended(1).checkpoint("other.test/log", logKey))
                    .statusCode());
            assertEquals(400, post(two, "old x\n\n" + nine.format()).statusCode());

            // The monitoring endpoint serves what the witness cosigned: the log's and its own signature.
            String monitored = HTTP.send(HttpRequest.newBuilder(URI.create(url(two) + "/"
                    + CheckpointStore.originHash(ORIGIN) + "/checkpoint")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            SignedNote latest = SignedNote.parse(monitored);
            assertEquals(nine.text(), latest.text());
            assertTrue(latest.verifiedBy(NoteKeys.parseVkey(vkey(two))));
            assertTrue(latest.verifiedBy(new NoteKeys.Verifier(ORIGIN, NoteKeys.ED25519, logKey.getPublic())));
        } finally {
            one.close();
        }

        // Restarted on its state, the first witness still knows size 9 and goes on from there.
        try (WitnessServer again = WitnessMain.serve(first)) {
            SignedNote ten = log.checkpoint(logKey);
            HttpResponse<String> fromZero = add(again, 0, List.of(), ten);
            assertEquals(409, fromZero.statusCode());
            assertEquals("9\n", fromZero.body());
            HttpResponse<String> answer = add(again, 9, log.consistency(9), ten);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(cosigned(ten, answer.body(), vkey(again)));
            // Another witness's key does not verify this one's cosignature.
            assertFalse(cosigned(ten, answer.body(), NoteKeys.vkey("witness.test/w1", NoteKeys.COSIGNATURE_V1,
                    TreeHeadSignature.generate().getPublic())));
        }
    }

    private Properties config(String name, Path state) throws Exception {
        WitnessMain.keygen(name, state.resolve("keys"));
        Properties config = new Properties();
        config.setProperty("name", name);
        config.setProperty("key-file", state.resolve("keys/witness-key.pem").toString());
        config.setProperty("public-key-file", state.resolve("keys/witness-public-key.pem").toString());
        config.setProperty("state-dir", state.resolve("state").toString());
        config.setProperty("listen", "127.0.0.1:0");
        config.setProperty("log.heed", NoteKeys.vkey(ORIGIN, NoteKeys.ED25519, logKey.getPublic()));
        return config;
    }

    private static boolean cosigned(SignedNote checkpoint, String lines, String vkey) {
        SignedNote with = checkpoint;
        for (String line : lines.strip().split("\n")) {
            with = with.with(SignedNote.Line.parse(line));
        }
        return with.verifiedBy(NoteKeys.parseVkey(vkey));
    }

    private static String vkey(WitnessServer witness) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(witness) + "/vkey")).build(),
                HttpResponse.BodyHandlers.ofString()).body().strip();
    }

    private static HttpResponse<String> add(WitnessServer witness, long old, List<byte[]> proof, SignedNote note)
            throws Exception {
        StringBuilder body = new StringBuilder("old ").append(old).append('\n');
        proof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return post(witness, body.append('\n').append(note.format()).toString());
    }

    private static HttpResponse<String> post(WitnessServer witness, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(witness) + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String url(WitnessServer witness) {
        return "http://127.0.0.1:" + witness.port();
    }

    /** A log in memory: leaves and every perfect subtree, as audit-service stores them. */
    private static final class Log {

        private final Map<Subtree, byte[]> subtrees = new HashMap<>();
        private final List<byte[]> leaves = new ArrayList<>();

        void append(int count) {
            for (int i = 0; i < count; i++) {
                long index = leaves.size();
                byte[] leaf = TreeHash.leaf(("entry " + index + " of " + System.identityHashCode(this)).getBytes(UTF_8));
                leaves.add(leaf);
                subtrees.put(new Subtree(0, index), leaf);
                for (Subtree done : MerkleTree.completedBy(index)) {
                    subtrees.put(done, TreeHash.node(subtrees.get(new Subtree(done.level() - 1, 2 * done.index())),
                            subtrees.get(new Subtree(done.level() - 1, 2 * done.index() + 1))));
                }
            }
        }

        Log appended(int count) {
            append(count);
            return this;
        }

        List<byte[]> consistency(long from) {
            return MerkleTree.consistencyProof(from, leaves.size(), subtrees::get);
        }

        SignedNote checkpoint(KeyPair key) {
            return checkpoint(ORIGIN, key);
        }

        SignedNote checkpoint(String origin, KeyPair key) {
            String text = new Checkpoint(origin, leaves.size(), MerkleTree.root(leaves.size(), subtrees::get)).text();
            return new SignedNote(text, List.of(SignedNote.sign(text, origin, key.getPrivate(), key.getPublic())));
        }
    }
}
