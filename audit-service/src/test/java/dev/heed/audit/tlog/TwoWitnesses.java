package dev.heed.audit.tlog;

import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.audit.verify.c2sp.NoteKeys;
import dev.heed.testkit.audit.AuditSigningKeys;
import dev.heed.witness.WitnessMain;
import dev.heed.witness.WitnessServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Two witnesses of the audit-witness module, each with its own key and state directory, on free
 * ports, trusting the test's note key; audit-service is configured to need both cosignatures.
 */
public class TwoWitnesses implements QuarkusTestResourceLifecycleManager {

    public static final List<String> NAMES = List.of("witness.test/one", "witness.test/two");

    private final List<WitnessServer> servers = new java.util.ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        try {
            String logVkey = NoteKeys.vkey(CheckpointTime.ORIGIN, NoteKeys.ED25519, TreeHeadSignature
                    .publicKeyFromPem(Files.readString(AuditSigningKeys.publicKey(CheckpointTime.NOTE_KEY))));
            for (int i = 0; i < NAMES.size(); i++) {
                Path dir = Files.createTempDirectory("heed-witness-");
                String vkey = WitnessMain.keygen(NAMES.get(i), dir.resolve("keys"));
                Properties witness = new Properties();
                witness.setProperty("name", NAMES.get(i));
                witness.setProperty("key-file", dir.resolve("keys/witness-key.pem").toString());
                witness.setProperty("public-key-file", dir.resolve("keys/witness-public-key.pem").toString());
                witness.setProperty("state-dir", dir.resolve("state").toString());
                witness.setProperty("listen", "127.0.0.1:0");
                witness.setProperty("log.heed", logVkey);
                WitnessServer server = WitnessMain.serve(witness);
                servers.add(server);
                String id = "w" + (i + 1);
                config.put("heed.audit.witnessing.witnesses." + id + ".url", "http://127.0.0.1:" + server.port());
                config.put("heed.audit.witnessing.witnesses." + id + ".vkey", vkey);
                config.put("heed.test.witness." + id + ".port", Integer.toString(server.port()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test witnesses", e);
        }
        config.put("heed.audit.witnessing.required", "2");
        return config;
    }

    @Override
    public void stop() {
        servers.forEach(WitnessServer::close);
    }
}
