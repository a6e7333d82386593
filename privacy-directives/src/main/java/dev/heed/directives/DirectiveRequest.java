package dev.heed.directives;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What an issuing service asks for. Recipients are resolved from the registry: active systems
 * that handle {@code kind}, are registered for {@code purposeId} (when given) and hold one of
 * {@code dataCategories} (when any are given).
 *
 * @param subjectKey required except for {@link DirectiveKind#PURGE}
 * @param identities verified identities for a subject without a known customer id; they travel
 *     only in the directive events on each recipient's own topic and are never stored beyond
 *     the directive's settlement
 * @param parameters kind-specific instructions (e.g. corrected values for RECTIFY); stored, like
 *     identities, only until settlement
 * @param reference what caused the directive (request id, withdrawal id, purge run id)
 * @param deadline {@code null} for the configured default ({@code heed.directives.default-deadline})
 * @param id {@code null} for a new random id; set by a caller whose parameters must name the directive
 *     (e.g. an upload URL that contains it)
 * @param systems when not empty, only these of the matching systems receive it (e.g. a policy narrowed to one
 *     system, or parameters that differ per system)
 */
public record DirectiveRequest(DirectiveKind kind, String subjectKey, Map<String, List<String>> identities,
        String purposeId, Set<String> dataCategories, Map<String, Object> parameters, String reference,
        Instant deadline, UUID id, Set<String> systems) {

    public DirectiveRequest {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (subjectKey != null) {
            SubjectKeys.require(subjectKey, "subjectKey");
        } else if (kind != DirectiveKind.PURGE) {
            throw new IllegalArgumentException("subjectKey is required for " + kind);
        }
        identities = identities == null ? null : Map.copyOf(identities);
        dataCategories = dataCategories == null ? Set.of() : Set.copyOf(dataCategories);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        systems = systems == null ? Set.of() : Set.copyOf(systems);
    }

    /** A directive about one subject, e.g. {@code about(ERASE, key).reference(requestId)}. */
    public static DirectiveRequest about(DirectiveKind kind, String subjectKey) {
        return new DirectiveRequest(kind, subjectKey, null, null, Set.of(), Map.of(), null, null, null, Set.of());
    }

    public DirectiveRequest purpose(String newPurposeId) {
        return new DirectiveRequest(kind, subjectKey, identities, newPurposeId, dataCategories, parameters, reference,
                deadline, id, systems);
    }

    public DirectiveRequest dataCategories(Set<String> categories) {
        return new DirectiveRequest(kind, subjectKey, identities, purposeId, categories, parameters, reference,
                deadline, id, systems);
    }

    public DirectiveRequest identities(Map<String, List<String>> verified) {
        return new DirectiveRequest(kind, subjectKey, verified, purposeId, dataCategories, parameters, reference,
                deadline, id, systems);
    }

    public DirectiveRequest parameters(Map<String, Object> values) {
        return new DirectiveRequest(kind, subjectKey, identities, purposeId, dataCategories, values, reference,
                deadline, id, systems);
    }

    public DirectiveRequest reference(String newReference) {
        return new DirectiveRequest(kind, subjectKey, identities, purposeId, dataCategories, parameters,
                newReference, deadline, id, systems);
    }

    public DirectiveRequest deadline(Instant newDeadline) {
        return new DirectiveRequest(kind, subjectKey, identities, purposeId, dataCategories, parameters, reference,
                newDeadline, id, systems);
    }

    /** Issues the directive under this id (unique), so its parameters can name it before it exists. */
    public DirectiveRequest id(UUID newId) {
        return new DirectiveRequest(kind, subjectKey, identities, purposeId, dataCategories, parameters, reference,
                deadline, newId, systems);
    }

    /** Sends it only to these of the matching systems. */
    public DirectiveRequest systems(Set<String> systemIds) {
        return new DirectiveRequest(kind, subjectKey, identities, purposeId, dataCategories, parameters, reference,
                deadline, id, systemIds);
    }
}
