package dev.heed.directives.support;

import dev.heed.directives.ack.AcknowledgementCheck;
import dev.heed.directives.issue.DirectiveRecord;
import dev.heed.events.directive.DirectiveAcknowledgement;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An issuing service's proof check, as a test sets it: refuses the DONE answers of the systems it is told. */
@Singleton
public class RefusingCheck implements AcknowledgementCheck {

    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    public void refuse(java.util.UUID directiveId, String systemId, String reason) {
        refusals.put(directiveId + "/" + systemId, reason);
    }

    @Override
    public Uni<Optional<String>> refusal(DirectiveRecord directive, DirectiveAcknowledgement acknowledgement) {
        return Uni.createFrom().item(Optional.ofNullable(
                refusals.get(directive.id() + "/" + acknowledgement.systemId())));
    }
}
