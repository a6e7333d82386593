package dev.heed.directives.support;

import dev.heed.directives.AcknowledgementCheck;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveKind;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** An issuing service's proof check, as a test sets it: refuses the DONE answers of the systems it is told. */
@Singleton
public class RefusingCheck implements AcknowledgementCheck {

    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    public void refuse(UUID directiveId, String systemId, String reason) {
        refusals.put(directiveId + "/" + systemId, reason);
    }

    @Override
    public Uni<Optional<String>> refusal(UUID directiveId, DirectiveKind kind, DirectiveAcknowledgement acknowledgement) {
        return Uni.createFrom().item(Optional.ofNullable(
                refusals.get(directiveId + "/" + acknowledgement.systemId())));
    }
}
