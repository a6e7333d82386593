package dev.heed.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command an auditor runs, from a key made by its own keygen to a verdict and an exit status. */
class VerifyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void keygenThenVerifyAnInclusionProofAndCatchATamperedOne() throws Exception {
        assertEquals(0, run("keygen", dir.toString()));
        PrivateKey signing = TreeHeadSignature.privateKeyFromPem(Files.readString(dir.resolve("audit-signing-key.pem")));
        PublicKey verifying = TreeHeadSignature.publicKeyFromPem(Files.readString(dir.resolve("audit-public-key.pem")));

        ObjectMapper json = new ObjectMapper();
        ObjectNode record = json.createObjectNode().put("type", "dev.heed.consent.withdrawn.v1").put("seq", 0);
        LeafLog log = LeafLog.of(List.of(CanonicalJson.leafHash(record), TreeHash.leaf(new byte[] {1})));
        TreeHead head = new TreeHead(2, MerkleTree.root(2, log), Instant.now(), TreeHeadSignature.keyId(verifying),
                TreeHeadSignature.ALGORITHM);
        ObjectNode proof = EvidenceDocuments.inclusion(0, record, MerkleTree.inclusionProof(0, 2, log),
                EvidenceDocuments.signedHead(head, TreeHeadSignature.sign(head, signing)));
        Path file = dir.resolve("proof.json");
        json.writeValue(file.toFile(), proof);

        String key = dir.resolve("audit-public-key.pem").toString();
        assertEquals(0, run("inclusion", file.toString(), "--key", key), out.toString());
        assertTrue(out.toString().contains("VERIFIED"));

        record.put("seq", 1);
        json.writeValue(file.toFile(), proof);
        assertEquals(1, run("inclusion", file.toString(), "--key", key));
        assertTrue(out.toString().contains("FAIL  entry 0 "), out.toString());
    }

    @Test
    void wrongUsageExitsWithTwo() {
        assertEquals(2, run("bundle"));
        assertEquals(2, run("inclusion", dir.resolve("missing.json").toString(), "--key", "x"));
        assertEquals(2, run("frobnicate", "x"));
    }

    private int run(String... args) {
        out.reset();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        return VerifyCommand.run(args, stream, stream);
    }
}
