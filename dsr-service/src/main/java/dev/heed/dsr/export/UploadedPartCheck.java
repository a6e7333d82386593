package dev.heed.dsr.export;

import dev.heed.directives.AcknowledgementCheck;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * An export is done only when the hash a system acknowledges is the hash of the part it uploaded:
 * otherwise its task ends {@code FAILED} in the directive itself, so the request ends partially
 * completed naming it and the package leaves its part out.
 */
@ApplicationScoped
public class UploadedPartCheck implements AcknowledgementCheck {

    static final String HASH_MISMATCH = "the acknowledged export hash matches no uploaded part";

    @Override
    public Uni<Optional<String>> refusal(UUID directiveId, DirectiveKind kind, DirectiveAcknowledgement acknowledgement) {
        if (kind != DirectiveKind.EXPORT) {
            return Uni.createFrom().item(Optional.empty());
        }
        return ExportPart.<ExportPart>find("directiveId = ?1 and systemId = ?2", directiveId,
                        acknowledgement.systemId()).firstResult()
                .map(part -> part != null && part.sha256.equals(acknowledgement.exportSha256())
                        ? Optional.<String>empty() : Optional.of(HASH_MISMATCH));
    }
}
