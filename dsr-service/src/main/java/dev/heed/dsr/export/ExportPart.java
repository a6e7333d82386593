package dev.heed.dsr.export;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One system's uploaded part of a subject's data, encrypted; written by {@link ExportParts}. */
@Entity
@Table(name = "export_part")
public class ExportPart extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "directive_id", nullable = false)
    public UUID directiveId;

    @Column(name = "system_id", nullable = false)
    public String systemId;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    /** Lower-case hex SHA-256 of the plaintext: what the system acknowledges. */
    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;

    /** Associated data of a part: it opens only as this request's part from this system. */
    static String associatedData(UUID requestId, String systemId) {
        return "export-part/" + requestId + "/" + systemId;
    }
}
