package dev.heed.audit.tlog;

import dev.heed.audit.AuditConfig;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.audit.verify.c2sp.Checkpoint;
import dev.heed.audit.verify.c2sp.NoteKeys;
import dev.heed.audit.verify.c2sp.SignedNote;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/**
 * Signs tree heads as c2sp.org/tlog-checkpoint notes with an Ed25519 note key named after the
 * origin. Ed25519 is deterministic, so a head's checkpoint is the same text every time it is made:
 * nothing is stored beside the {@code signed_head} row.
 */
@Singleton
public class NoteSigner {

    private final String origin;
    private final PrivateKey key;
    private final PublicKey publicKey;

    NoteSigner(AuditConfig config) {
        AuditConfig.Checkpoints checkpoints = config.checkpoints();
        this.origin = checkpoints.origin();
        Path keyFile = checkpoints.keyFile().orElse(config.signing().keyFile());
        Path publicKeyFile = checkpoints.keyFile().isPresent()
                ? checkpoints.publicKeyFile().orElseThrow(() -> new IllegalStateException(
                        "heed.audit.checkpoints.public-key-file is required with heed.audit.checkpoints.key-file"))
                : config.signing().publicKeyFile();
        this.key = TreeHeadSignature.privateKeyFromPem(read(keyFile));
        this.publicKey = TreeHeadSignature.publicKeyFromPem(read(publicKeyFile));
        SignedNote probe = new SignedNote("probe\n", List.of(SignedNote.sign("probe\n", origin, key, publicKey)));
        if (!probe.verifiedBy(verifier())) {
            throw new IllegalStateException("heed.audit.checkpoints: the public key is not the note key's");
        }
    }

    public String origin() {
        return origin;
    }

    public NoteKeys.Verifier verifier() {
        return new NoteKeys.Verifier(origin, NoteKeys.ED25519, publicKey);
    }

    /** The verifier key string auditors and witnesses configure. */
    public String vkey() {
        return verifier().vkey();
    }

    public Checkpoint checkpointOf(StoredHead head) {
        return new Checkpoint(origin, head.treeSize(), head.head().rootHash());
    }

    public SignedNote sign(StoredHead head) {
        String text = checkpointOf(head).text();
        return new SignedNote(text, List.of(SignedNote.sign(text, origin, key, publicKey)));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("heed.audit.checkpoints: cannot read " + file
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
