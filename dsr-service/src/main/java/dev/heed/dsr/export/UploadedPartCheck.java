package dev.heed.dsr.export;

import dev.heed.directives.AcknowledgementCheck;
import dev.heed.dsr.request.TaskAnswerRepository;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * An export is done only when the hash a system acknowledges is the hash of the part it uploaded:
 * otherwise its task ends {@code FAILED} in the directive itself, so the request ends partially
 * completed naming it and the package leaves its part out. Either way the export the system
 * acknowledged (reference and hash) is kept on the task's answer, in the acknowledgement's transaction.
 */
@ApplicationScoped
public class UploadedPartCheck implements AcknowledgementCheck {

    static final String HASH_MISMATCH = "the acknowledged export hash matches no uploaded part";

    private final ExportPartRepository parts;
    private final TaskAnswerRepository answers;

    UploadedPartCheck(ExportPartRepository parts, TaskAnswerRepository answers) {
        this.parts = parts;
        this.answers = answers;
    }

    @Override
    public Uni<Optional<String>> refusal(UUID directiveId, DirectiveKind kind, DirectiveAcknowledgement acknowledgement) {
        if (kind != DirectiveKind.EXPORT) {
            return Uni.createFrom().item(Optional.empty());
        }
        return answers.recordExport(directiveId, acknowledgement.systemId(), acknowledgement.exportReference(),
                        acknowledgement.exportSha256())
                .chain(() -> parts.of(directiveId, acknowledgement.systemId()))
                .map(part -> part != null && part.sha256.equals(acknowledgement.exportSha256())
                        ? Optional.<String>empty() : Optional.of(HASH_MISMATCH));
    }
}
