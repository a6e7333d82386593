package dev.heed.audit.integrity;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import dev.heed.audit.query.QueryLog;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs the integrity check on demand; who asked is logged like any audit read. */
@Path("/api/v1/audit/integrity-checks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AUDITOR, PRIVACY_ADMIN})
@Tag(name = "audit", description = "The append-only audit log")
public class IntegrityResource {

    private final IntegrityCheck check;
    private final QueryLog log;
    private final SecurityIdentity identity;

    IntegrityResource(IntegrityCheck check, QueryLog log, SecurityIdentity identity) {
        this.check = check;
        this.log = log;
        this.identity = identity;
    }

    @POST
    @Blocking
    @Operation(summary = "Replay the whole log against the heads published on privacy.audit.heads.v1",
            description = "Valid, or the first entry (leaf index) that does not match and why, with the number of "
                    + "heads and entries checked. Takes as long as reading the log once.")
    public IntegrityReport run() {
        log.record(identity.getPrincipal().getName(), identity.getRoles(), "integrity-check", null, Map.of())
                .await().atMost(Duration.ofSeconds(30));
        return check.run();
    }
}
