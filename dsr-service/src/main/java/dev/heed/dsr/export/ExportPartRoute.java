package dev.heed.dsr.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.heed.platform.web.Problem;
import dev.heed.platform.web.Roles;
import dev.heed.events.EventJson;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonString;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * {@code PUT /api/v1/exports/{directiveId}/parts}: a downstream system uploads its part of an
 * export, with its own {@code system} token. A plain Vert.x route rather than a REST resource,
 * because a part may be megabytes and the service's body limit is 64K: it runs after
 * authentication and the path's permission check (orders -200 and -100) and before the HTTP
 * layer's body limit (order -2), and reads the body with the limit {@code heed.dsr.exports.max-part-size}.
 * The shared 413 check skips this path ({@code heed.http.limits.own-limit-paths}).
 */
@ApplicationScoped
public class ExportPartRoute {

    static final String PATH = "/api/v1/exports/:directiveId/parts";
    private static final int ORDER = -50;
    private static final int MAX_CONTENT_TYPE = 255;
    private static final Pattern SHA_256_DIGEST = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/=]+):");
    private static final Logger LOG = Logger.getLogger(ExportPartRoute.class);

    private final ExportParts parts;
    private final long maxPartSize;

    ExportPartRoute(ExportParts parts, ExportConfig config) {
        this.parts = parts;
        this.maxPartSize = config.maxPartSize().asLongValue();
    }

    void install(@Observes Router router) {
        router.put(PATH).order(ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(maxPartSize))
                .handler(this::upload)
                .failureHandler(this::failed);
    }

    private void upload(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            answer(context, Problem.of("unauthorized", "Unauthorized", 401, "a bearer token is required"));
            return;
        }
        String systemId = systemId(identity);
        if (!identity.hasRole(Roles.SYSTEM) || systemId == null) {
            answer(context, Problem.of("forbidden", "Forbidden", 403, "only a downstream system uploads export parts"));
            return;
        }
        UUID directiveId;
        try {
            directiveId = UUID.fromString(context.pathParam("directiveId"));
        } catch (IllegalArgumentException e) {
            answer(context, Problem.invalid("directiveId", "must be a directive id (a UUID)"));
            return;
        }
        Buffer body = context.body().buffer();
        byte[] data = body == null ? new byte[0] : body.getBytes();
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank()) {
            contentType = "application/octet-stream";
        }
        if (contentType.length() > MAX_CONTENT_TYPE) {
            answer(context, Problem.invalid("Content-Type", "must be at most " + MAX_CONTENT_TYPE + " characters"));
            return;
        }
        String digest = context.request().getHeader("Content-Digest");
        if (digest != null && !digestMatches(digest, data)) {
            answer(context, Problem.invalid("Content-Digest", "must carry the body's sha-256 (RFC 9530)"));
            return;
        }
        parts.upload(directiveId, systemId, data, contentType.strip()).subscribe().with(
                receipt -> context.response().setStatusCode(receipt.replaced() ? 200 : 201)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(json(receipt)),
                failure -> failed(context, failure));
    }

    private void failed(RoutingContext context) {
        if (context.statusCode() == 413) {
            answer(context, Problem.of("payload-too-large", "Payload too large", 413,
                    "an export part may be at most " + maxPartSize + " bytes"));
            return;
        }
        failed(context, context.failure());
    }

    private void failed(RoutingContext context, Throwable failure) {
        if (failure instanceof ExportRefused refused) {
            answer(context, refused.problem());
            return;
        }
        Problem problem = Problem.of("internal-error", "Internal error", 500, "the part could not be stored")
                .occurrence();
        // Neither the path's token-free id nor anything of the body: the problem's id finds it.
        LOG.errorf(failure, "export part upload failed, problem %s", problem.instance());
        answer(context, problem);
    }

    private static void answer(RoutingContext context, Problem problem) {
        if (context.response().ended()) {
            return;
        }
        Problem numbered = problem.instance() == null ? problem.occurrence() : problem;
        context.response().setStatusCode(numbered.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(numbered));
    }

    private static String systemId(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return null;
        }
        Object claim = token.getClaim("system_id");
        if (claim instanceof JsonString text) {
            return text.getString();
        }
        return claim == null ? null : claim.toString();
    }

    /** RFC 9530 {@code Content-Digest}: when the uploader sends a sha-256, it must be the body's. */
    private static boolean digestMatches(String header, byte[] data) {
        Matcher matcher = SHA_256_DIGEST.matcher(header);
        if (!matcher.find()) {
            return false;
        }
        try {
            byte[] claimed = Base64.getDecoder().decode(matcher.group(1));
            return Arrays.equals(claimed, HexFormat.of().parseHex(ExportParts.sha256Hex(data)));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
