package dev.heed.dsr.export;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveQueries;
import dev.heed.directives.DirectiveRequest;
import dev.heed.directives.DirectiveTask;
import dev.heed.dsr.seal.AtRestEncryption;
import dev.heed.dsr.request.SubjectRequestRepository;
import dev.heed.events.directive.DirectiveKind;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The systems' side of an access or portability request: where they upload (the directive's
 * {@code uploadUrl}), and the upload itself, stored encrypted with the SHA-256 the system will
 * acknowledge on Kafka. Only a recipient of the directive can upload, only for itself, and only
 * while its task is open.
 */
@ApplicationScoped
public class ExportParts {

    /** The directive parameter that names the upload URL (privacy-client's {@code Export.UPLOAD_URL}). */
    public static final String UPLOAD_URL = "uploadUrl";

    private final AtRestEncryption encryption;
    private final String publicUrl;
    private final Clock clock;
    private final DirectiveQueries directives;
    private final SubjectRequestRepository requests;
    private final ExportPartRepository parts;

    ExportParts(ExportConfig config, @ConfigProperty(name = "heed.dsr.public-url") String publicUrl, Clock clock,
            DirectiveQueries directives, SubjectRequestRepository requests, ExportPartRepository parts) {
        this.directives = directives;
        this.requests = requests;
        this.parts = parts;
        this.encryption = new AtRestEncryption(config.key(), "heed.dsr.exports.key");
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
    }

    /**
     * An export directive gets its id now, so that its {@code uploadUrl} can name it: one URL for
     * every recipient, each identified by its own token. Other directives are left as they are.
     */
    public DirectiveRequest withUploadUrl(DirectiveRequest directive) {
        if (directive.kind() != DirectiveKind.EXPORT) {
            return directive;
        }
        UUID id = UUID.randomUUID();
        Map<String, Object> parameters = new HashMap<>(directive.parameters());
        parameters.put(UPLOAD_URL, publicUrl + "/api/v1/exports/" + id + "/parts");
        return directive.id(id).parameters(parameters);
    }

    /**
     * Stores {@code systemId}'s part of the directive, replacing its earlier upload while its task
     * is open. Fails with {@link ExportRefused}: 404 for an unknown directive, 403 for a system that
     * is not one of its recipients, 409 once the task was answered or the directive settled.
     */
    Uni<PartReceipt> upload(UUID directiveId, String systemId, byte[] data, String contentType) {
        String sha256 = sha256Hex(data);
        // The directive's row lock orders this upload with the acknowledgements that settle it.
        return Panache.withTransaction(() -> directives.lockInCaller(directiveId).chain(found -> {
                    if (found.isEmpty() || found.get().kind() != DirectiveKind.EXPORT) {
                        throw ExportRefused.notFound("no export directive with this id");
                    }
                    Directive directive = found.get();
                    Optional<DirectiveTask> task = directive.tasks().stream()
                            .filter(candidate -> candidate.systemId().equals(systemId)).findFirst();
                    if (task.isEmpty()) {
                        throw ExportRefused.forbidden("the calling system is not a recipient of this directive");
                    }
                    if (directive.state().isSettled() || task.get().state().isAnswered()) {
                        throw ExportRefused.conflict("the system's task is no longer open");
                    }
                    return requests.byDirective(directiveId)
                            .chain(request -> {
                                if (request == null) {
                                    throw ExportRefused.notFound("no request with this directive");
                                }
                                return store(request.id, directiveId, systemId, data, contentType, sha256);
                            });
                }));
    }

    private Uni<PartReceipt> store(UUID requestId, UUID directiveId, String systemId, byte[] data,
            String contentType, String sha256) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        AtRestEncryption.Sealed sealed = encryption.seal(data, ExportPart.associatedData(requestId, systemId));
        return parts.of(directiveId, systemId)
                .chain(existing -> {
                    ExportPart part = existing != null ? existing : new ExportPart();
                    if (existing == null) {
                        part.id = UUID.randomUUID();
                        part.requestId = requestId;
                        part.directiveId = directiveId;
                        part.systemId = systemId;
                    }
                    part.contentType = contentType;
                    part.sizeBytes = data.length;
                    part.sha256 = sha256;
                    part.nonce = sealed.nonce();
                    part.ciphertext = sealed.ciphertext();
                    part.uploadedAt = now;
                    Uni<?> written = existing != null ? Uni.createFrom().item(part) : parts.persist(part);
                    return written.replaceWith(new PartReceipt(directiveId, systemId, sha256, data.length,
                            contentType, now, existing != null));
                });
    }

    /** The plaintext of a stored part. */
    byte[] open(ExportPart part) {
        return encryption.open(new AtRestEncryption.Sealed(part.nonce, part.ciphertext),
                ExportPart.associatedData(part.requestId, part.systemId));
    }

    AtRestEncryption encryption() {
        return encryption;
    }

    String publicUrl() {
        return publicUrl;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
