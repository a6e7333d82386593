package dev.heed.dsr.export;

import dev.heed.dsr.ratelimit.RateLimited;
import dev.heed.dsr.ratelimit.RouteGroup;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The customer's one-time download link: no account, the token is the key. */
@Path("/public/v1/packages")
@Tag(name = "public", description = "What a customer uses without an account")
public class PublicPackageResource {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final ExportPackages packages;

    PublicPackageResource(ExportPackages packages) {
        this.packages = packages;
    }

    @GET
    @Path("{token}")
    @RateLimited(RouteGroup.DOWNLOAD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Download your package, once",
            description = "The link works once; afterwards, and after the package expired, 410.")
    public Uni<Response> download(@RestPath String token) {
        if (!TOKEN.matcher(token).matches()) {
            // Not a token we issue: answered like one that never existed.
            throw new NotFoundException();
        }
        return packages.byLink(token).map(found -> attachment(found.orElseThrow(NotFoundException::new)));
    }

    static Response attachment(ExportPackages.Download download) {
        return Response.ok(download.json(), MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
