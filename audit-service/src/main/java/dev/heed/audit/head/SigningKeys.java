package dev.heed.audit.head;

import dev.heed.audit.AuditConfig;
import dev.heed.audit.verify.TreeHead;
import dev.heed.audit.verify.TreeHeadSignature;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tree-head signing key, read from its file at start (never from the database), and every
 * public key a head may have been signed with: the current one first, then the previous ones.
 * A misconfigured key stops the service at start rather than sign heads nobody can verify.
 */
@Singleton
public class SigningKeys {

    private final PrivateKey signingKey;
    private final PublicKey current;
    private final Map<String, PublicKey> published = new LinkedHashMap<>();

    SigningKeys(AuditConfig config) {
        AuditConfig.Signing signing = config.signing();
        this.signingKey = TreeHeadSignature.privateKeyFromPem(read(signing.keyFile(), "key-file"));
        this.current = TreeHeadSignature.publicKeyFromPem(read(signing.publicKeyFile(), "public-key-file"));
        TreeHead probe = new TreeHead(1, new byte[32], Instant.EPOCH, keyId(), TreeHeadSignature.ALGORITHM);
        if (!TreeHeadSignature.verify(probe, TreeHeadSignature.sign(probe, signingKey), current)) {
            throw new IllegalStateException("heed.audit.signing.public-key-file is not the public key of "
                    + "heed.audit.signing.key-file");
        }
        published.put(keyId(), current);
        for (Path file : signing.previousPublicKeys().orElse(List.of())) {
            PublicKey previous = TreeHeadSignature.publicKeyFromPem(read(file, "previous-public-keys"));
            published.putIfAbsent(TreeHeadSignature.keyId(previous), previous);
        }
    }

    public String keyId() {
        return TreeHeadSignature.keyId(current);
    }

    public PublicKey current() {
        return current;
    }

    /** Every published public key, the current one first. */
    public List<PublicKey> published() {
        return new ArrayList<>(published.values());
    }

    public Optional<PublicKey> byKeyId(String keyId) {
        return Optional.ofNullable(published.get(keyId));
    }

    String sign(TreeHead head) {
        return TreeHeadSignature.sign(head, signingKey);
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("heed.audit.signing." + setting + ": cannot read " + file
                    + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
