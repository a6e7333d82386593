package dev.heed.audit.tlog;

import dev.heed.audit.support.MovableClock;
import dev.heed.testkit.PerJvmFile;
import dev.heed.testkit.audit.AuditSigningKeys;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A movable clock, an origin of the test's own and a note key apart from the tree-head key. */
public class CheckpointTime implements QuarkusTestProfile {

    public static final String ORIGIN = "heed.test/audit";
    static final Path NOTE_KEY = noteKey();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.arc.selected-alternatives", MovableClock.class.getName(),
                "heed.audit.checkpoints.origin", ORIGIN,
                "heed.audit.checkpoints.key-file", NOTE_KEY.toString(),
                "heed.audit.checkpoints.public-key-file", AuditSigningKeys.publicKey(NOTE_KEY).toString());
    }

    /** One per JVM: the test and the application see this class through different class loaders. */
    private static Path noteKey() {
        return PerJvmFile.once("audit-note-key", () -> {
            Path dir = Files.createTempDirectory("heed-note-key-");
            dir.toFile().deleteOnExit();
            Path key = AuditSigningKeys.write(dir);
            key.toFile().deleteOnExit();
            AuditSigningKeys.publicKey(key).toFile().deleteOnExit();
            return key;
        });
    }
}
