package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A directive addressed to this system, typed by its kind, as its handler receives it. The
 * contract's payload is {@link #issued()}.
 *
 * <p>The views' {@code toString()} names the directive, never its identities or parameters, so a
 * handler may log a view. {@link DirectiveIssued#toString()} does print them: do not log that.
 */
public sealed interface Directive permits Erasure, Export, Rectification, Restriction, ProcessingStop, Purge {

    /** The payload as the issuer published it. */
    DirectiveIssued issued();

    default UUID directiveId() {
        return issued().directiveId();
    }

    default DirectiveKind kind() {
        return issued().kind();
    }

    /** The subject key ({@code k<version>:...}); {@code null} only for a {@link Purge} run by a policy. */
    default String subjectKey() {
        return issued().subjectKey();
    }

    /**
     * Verified identities by kind (e.g. {@code email}) for a subject whose customer id Heed does
     * not know: match your records on them. Raw personal data: never log it. Empty if none.
     */
    default Map<String, List<String>> identities() {
        return issued().identities() == null ? Map.of() : issued().identities();
    }

    /** The data categories concerned; empty means all the system holds about the subject. */
    default Set<String> dataCategories() {
        return issued().dataCategories();
    }

    /** What caused it: a request id, a withdrawal's decision id, a purge run id. */
    default String reference() {
        return issued().reference();
    }

    /** Answer by then, or the directive settles without this system. */
    default Instant deadline() {
        return issued().deadline();
    }

    /** The typed view of a directive's kind. */
    static Directive of(DirectiveIssued issued) {
        return switch (issued.kind()) {
            case ERASE -> new Erasure(issued);
            case EXPORT -> new Export(issued);
            case RECTIFY -> new Rectification(issued);
            case RESTRICT -> new Restriction(issued);
            case STOP_PROCESSING -> new ProcessingStop(issued);
            case PURGE -> new Purge(issued);
        };
    }
}
