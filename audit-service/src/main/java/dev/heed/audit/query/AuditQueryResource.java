package dev.heed.audit.query;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import dev.heed.events.subject.SubjectKeys;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.validator.constraints.Range;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Reading the audit log; every read is itself logged, naming the caller. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AUDITOR, PRIVACY_ADMIN})
@Tag(name = "audit", description = "The append-only audit log")
public class AuditQueryResource {

    private static final int MAX_CUSTOMER_ID_LENGTH = 256;
    private static final String CUSTOMER_ID_RULE = "must be 1 to " + MAX_CUSTOMER_ID_LENGTH + " characters";

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
    public Uni<EntryPage> bySubject(
            @RestPath @NotBlank(message = CUSTOMER_ID_RULE) @Size(max = MAX_CUSTOMER_ID_LENGTH,
                    message = CUSTOMER_ID_RULE) String customerId,
            @Parameter(description = "Leaf index to start after (-1, the default, is the start)")
            @RestQuery @Pattern(regexp = AuditQuery.LEAF, message = AuditQuery.LEAF_RULE) String after,
            @Parameter(description = "Page size, 1 to 500 (default 100)")
            @RestQuery @Pattern(regexp = AuditQuery.LIMIT, message = AuditQuery.LIMIT_RULE)
            @Range(min = 1, max = AuditQuery.MAX_LIMIT, message = AuditQuery.LIMIT_RULE) String limit) {
        return find(AuditQuery.of(subjectKeys.keyOf(customerId), null, null, null, null, null, after, limit));
    }

    @GET
    @Path("entries")
    @Operation(summary = "Entries matching every filter given, in log order",
            description = "Filters: directiveId, requestId (also a consent decision id or a purge run id: what caused "
                    + "a directive), type, from (inclusive) and to (exclusive) by event time. Paginated by leaf index.")
    public Uni<EntryPage> entries(
            @RestQuery @Pattern(regexp = AuditQuery.UUID_FORM, message = AuditQuery.UUID_RULE) String directiveId,
            @RestQuery @Pattern(regexp = AuditQuery.UUID_FORM, message = AuditQuery.UUID_RULE) String requestId,
            @RestQuery @Pattern(regexp = AuditQuery.TYPE, message = AuditQuery.TYPE_RULE) String type,
            @Parameter(description = "RFC 3339 timestamp, inclusive") @RestQuery String from,
            @Parameter(description = "RFC 3339 timestamp, exclusive") @RestQuery String to,
            @RestQuery @Pattern(regexp = AuditQuery.LEAF, message = AuditQuery.LEAF_RULE) String after,
            @RestQuery @Pattern(regexp = AuditQuery.LIMIT, message = AuditQuery.LIMIT_RULE)
            @Range(min = 1, max = AuditQuery.MAX_LIMIT, message = AuditQuery.LIMIT_RULE) String limit) {
        return find(AuditQuery.of(null, directiveId, requestId, type, from, to, after, limit));
    }

    private Uni<EntryPage> find(AuditQuery query) {
        return queries.find(query, identity.getPrincipal().getName(), identity.getRoles());
    }
}
