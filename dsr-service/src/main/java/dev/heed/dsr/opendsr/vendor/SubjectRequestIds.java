package dev.heed.dsr.opendsr.vendor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The OpenDSR {@code subject_request_id} of a task: derived from the directive id and the system id
 * (SHA-256, with the version and variant bits of a v4 UUID as the spec requires), so every retry and
 * every replica sends the same request, and a vendor's duplicate check sees a retry as one.
 */
final class SubjectRequestIds {

    private SubjectRequestIds() {
    }

    static UUID of(UUID directiveId, String systemId) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256")
                    .digest(("opendsr-vendor-request/" + directiveId + "/" + systemId).getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
