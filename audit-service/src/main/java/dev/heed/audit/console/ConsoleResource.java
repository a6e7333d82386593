package dev.heed.audit.console;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.audit.query.QueryLog;
import dev.heed.platform.web.InvalidInputException;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator console: a login page that turns a pasted bearer token into a session cookie,
 * the page itself, its overview (re-read every few seconds by the page) and the live stream of
 * appended entries. The token travels only in the login form's POST body and in the cookie:
 * never in a URL, the page or a log line.
 */
@Path("/console")
@Tag(name = "console", description = "The operator console (HTML)")
public class ConsoleResource {

    static final Set<String> CONSOLE_ROLES = Set.of(PRIVACY_OPERATOR, PRIVACY_ADMIN, AUDITOR);
    private static final URI LOGIN = URI.create("/console/login");
    private static final URI CONSOLE = URI.create("/console");
    private static final Duration AUDIT_WRITE = Duration.ofSeconds(10);
    private static final int MAX_TOKEN_LENGTH = 16_384;

    private final SecurityIdentity identity;
    private final JWTParser tokens;
    private final ConsoleSession session;
    private final OverviewQueries overviews;
    private final LiveEntries live;
    private final QueryLog queryLog;
    private final Clock clock;

    ConsoleResource(SecurityIdentity identity, JWTParser tokens, ConsoleSession session, OverviewQueries overviews,
            LiveEntries live, QueryLog queryLog, Clock clock) {
        this.identity = identity;
        this.tokens = tokens;
        this.session = session;
        this.overviews = overviews;
        this.live = live;
        this.queryLog = queryLog;
        this.clock = clock;
    }

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The console's login form")
    public Uni<Response> loginForm() {
        return html(ConsolePages.login(null), Response.Status.OK);
    }

    /**
     * Checks the token as every request will (signature, issuer, expiry) and the role, then sets
     * the session cookie. Opening the console is reading the audit log, so it is logged, naming who.
     */
    @POST
    @Path("login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Sign in with a bearer token (form field token); answers with the session cookie")
    public Response login(@RestForm String token, @Context HttpServerRequest request) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return blocking(ConsolePages.login("token: paste a bearer token issued to you"),
                    Response.Status.BAD_REQUEST);
        }
        JsonWebToken jwt;
        try {
            jwt = tokens.parse(token.strip());
        } catch (ParseException e) {
            return blocking(ConsolePages.login("token: not valid here, or expired"), Response.Status.UNAUTHORIZED);
        }
        if (jwt.getGroups().stream().noneMatch(CONSOLE_ROLES::contains)) {
            return blocking(ConsolePages.forbidden(jwt.getName()), Response.Status.FORBIDDEN);
        }
        Instant now = clock.instant();
        queryLog.record(jwt.getName(), jwt.getGroups(), "console", null, Map.of()).await().atMost(AUDIT_WRITE);
        return Response.seeOther(CONSOLE)
                .cookie(session.open(token.strip(), Instant.ofEpochSecond(jwt.getExpirationTime()), now, request))
                .build();
    }

    @POST
    @Path("logout")
    @PermitAll
    @Operation(summary = "Sign out: clears the session cookie")
    public Response logout(@Context HttpServerRequest request) {
        return Response.seeOther(LOGIN).cookie(session.close(request)).build();
    }

    @GET
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN, AUDITOR})
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The console page")
    public Uni<Response> page() {
        return overviews.read()
                .chain(overview -> ConsolePages.overview(overview).createUni())
                .chain(overview -> html(ConsolePages.page(identity.getPrincipal().getName(), overview),
                        Response.Status.OK));
    }

    @GET
    @Path("overview")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN, AUDITOR})
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The page's overview section, which the page re-reads every few seconds")
    public Uni<Response> overview() {
        return overviews.read().chain(overview -> html(ConsolePages.overview(overview), Response.Status.OK));
    }

    @GET
    @Path("stream")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN, AUDITOR})
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Server-sent events: every entry appended to the log, one 'entry' event each, "
            + "its id the leaf index (a reconnecting browser resumes after Last-Event-ID)")
    public Multi<OutboundSseEvent> stream(@RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        return live.from(leafIndex(lastEventId)).map(entry -> sse.newEventBuilder()
                .name("entry")
                .id(Long.toString(entry.leafIndex()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(LiveEntry.class, entry)
                .build());
    }

    @ServerExceptionMapper
    public Response signIn(UnauthorizedException e) {
        return Response.seeOther(LOGIN).build();
    }

    /** An expired or foreign session cookie: cleared, and back to the login page. */
    @ServerExceptionMapper
    public Response signInAgain(AuthenticationFailedException e, HttpServerRequest request) {
        return Response.seeOther(LOGIN).cookie(session.close(request)).build();
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e) {
        return html(ConsolePages.forbidden(identity.getPrincipal().getName()), Response.Status.FORBIDDEN);
    }

    private static Long leafIndex(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Last-Event-ID", "must be a leaf index");
        }
    }

    private static Uni<Response> html(TemplateInstance page, Response.Status status) {
        return page.createUni().map(body -> withPageHeaders(Response.status(status).entity(body)));
    }

    private static Response blocking(TemplateInstance page, Response.Status status) {
        return withPageHeaders(Response.status(status).entity(page.render()));
    }

    /** Pages load nothing from elsewhere, are never cached, never framed and send no referrer. */
    private static Response withPageHeaders(Response.ResponseBuilder response) {
        return response.type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy",
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
