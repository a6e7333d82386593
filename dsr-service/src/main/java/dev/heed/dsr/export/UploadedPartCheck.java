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
 * completed naming it and the package leaves its part out. Whatever an answer says it exported
 * (reference and hash; an OpenDSR vendor's results URL) is kept on the task's answer first, in the
 * acknowledgement's transaction, whether the check then refuses it or not.
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
        Uni<Void> recorded = acknowledgement.exportReference() == null && acknowledgement.exportSha256() == null
                ? Uni.createFrom().voidItem()
                : answers.recordExport(directiveId, acknowledgement.systemId(), acknowledgement.exportReference(),
                        acknowledgement.exportSha256());
        if (kind != DirectiveKind.EXPORT) {
            return recorded.replaceWith(Optional.empty());
        }
        return recorded.chain(() -> parts.of(directiveId, acknowledgement.systemId()))
                .map(part -> part != null && part.sha256.equals(acknowledgement.exportSha256())
                        ? Optional.<String>empty() : Optional.of(HASH_MISMATCH));
    }
}
