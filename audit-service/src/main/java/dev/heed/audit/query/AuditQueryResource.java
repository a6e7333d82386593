package dev.heed.audit.query;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.subject.SubjectKeys;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Reading the audit log; every read is itself logged, naming the caller. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AUDITOR, PRIVACY_ADMIN})
@Tag(name = "audit", description = "The append-only audit log")
public class AuditQueryResource {

    private static final int MAX_CUSTOMER_ID_LENGTH = 256;

    private final AuditQueries queries;
    private final SubjectKeys subjectKeys;
    private final SecurityIdentity identity;

    AuditQueryResource(AuditQueries queries, SubjectKeys subjectKeys, SecurityIdentity identity) {
        this.queries = queries;
        this.subjectKeys = subjectKeys;
        this.identity = identity;
    }

    @GET
    @Path("subjects/{customerId}/entries")
    @Operation(summary = "A subject's entries, in log order",
            description = "The service computes the subject key from the customer id; the id itself is neither "
                    + "stored nor logged. Paginated by leaf index: pass the answer's next as after.")
    public Uni<EntryPage> bySubject(@RestPath String customerId,
            @Parameter(description = "Leaf index to start after (-1, the default, is the start)") @RestQuery String after,
            @Parameter(description = "Page size, 1 to 500 (default 100)") @RestQuery String limit) {
        String subjectKey = subjectKey(customerId);
        return find(AuditQuery.parse(subjectKey, null, null, null, null, null, after, limit));
    }

    @GET
    @Path("entries")
    @Operation(summary = "Entries matching every filter given, in log order",
            description = "Filters: directiveId, requestId (also a consent decision id or a purge run id: what caused "
                    + "a directive), type, from (inclusive) and to (exclusive) by event time. Paginated by leaf index.")
    public Uni<EntryPage> entries(@RestQuery String directiveId, @RestQuery String requestId,
            @RestQuery String type,
            @Parameter(description = "RFC 3339 timestamp, inclusive") @RestQuery String from,
            @Parameter(description = "RFC 3339 timestamp, exclusive") @RestQuery String to,
            @RestQuery String after, @RestQuery String limit) {
        return find(AuditQuery.parse(null, directiveId, requestId, type, from, to, after, limit));
    }

    private Uni<EntryPage> find(AuditQuery query) {
        return queries.find(query, identity.getPrincipal().getName(), identity.getRoles());
    }

    private String subjectKey(String customerId) {
        if (customerId == null || customerId.isBlank() || customerId.length() > MAX_CUSTOMER_ID_LENGTH) {
            throw new InvalidInputException("customerId", "must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters");
        }
        return subjectKeys.keyOf(customerId);
    }
}
