package dev.heed.events.directive;

import static dev.heed.events.Payloads.map;
import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One instruction to one system, on that system's own topic.
 *
 * @param subjectKey {@code null} only for {@link DirectiveKind#PURGE}
 * @param identities verified identities (e.g. {@code email}) for a subject whose customer id is
 *     unknown; the only raw identifiers Heed ever publishes, and only on the recipient's topic. A
 *     kind {@code <type>:<format>} (e.g. {@code email:sha256}) holds hashed identities from an
 *     OpenDSR controller, lower-case hex, for systems that can match them; never reversed
 * @param reference what caused it: a request id, a withdrawal's decision id, a purge run id
 */
public record DirectiveIssued(UUID directiveId, DirectiveKind kind, String issuer, String systemId,
        String subjectKey, Map<String, List<String>> identities, String purposeId, Set<String> dataCategories,
        Map<String, Object> parameters, String reference, Instant issuedAt, Instant deadline)
        implements EventPayload {

    public DirectiveIssued {
        required(directiveId, "directiveId");
        required(kind, "kind");
        text(issuer, "issuer");
        SystemId.validate(systemId);
        if (subjectKey != null) {
            SubjectKeys.require(subjectKey, "subjectKey");
        } else if (kind != DirectiveKind.PURGE) {
            throw new IllegalArgumentException("subjectKey is required for " + kind);
        }
        identities = identities == null ? null : map(identities);
        optionalText(purposeId, "purposeId");
        dataCategories = set(dataCategories);
        parameters = map(parameters);
        optionalText(reference, "reference");
        required(issuedAt, "issuedAt");
        required(deadline, "deadline");
    }

    /** The subject key keeps one subject's directives in order; a purge is keyed by its directive id. */
    @Override
    public String kafkaKey() {
        return subjectKey != null ? subjectKey : directiveId.toString();
    }
}
