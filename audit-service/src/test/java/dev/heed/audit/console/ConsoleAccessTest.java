package dev.heed.audit.console;

import static dev.heed.audit.console.Sessions.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.jwt.TokenIssuer;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Who gets into the console and how: a pasted token becomes an HttpOnly, SameSite=Strict cookie;
 * no cookie sends the browser to the login page; a role that may not read the log gets a 403
 * page; the token appears in no URL and no page; API clients keep using bearer headers.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class ConsoleAccessTest {

    private static final Duration SQL = Duration.ofSeconds(30);

    @Inject
    Pool database;

    @Test
    void withoutASessionEveryConsolePageRedirectsToTheLoginForm() {
        for (String path : new String[] {"/console", "/console/overview", "/console/stream"}) {
            given().redirects().follow(false).when().get(path)
                    .then().statusCode(303).header("Location", endsWith("/console/login"));
        }
        given().when().get("/console/login").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("<form method=\"post\" action=\"/console/login\""))
                .body(containsString("name=\"token\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {TestTokens.PRIVACY_OPERATOR, TestTokens.PRIVACY_ADMIN, TestTokens.AUDITOR})
    void aConsoleRoleSignsInWithAnHttpOnlyStrictCookieAndTheTokenIsInNoUrlOrPage(String role) {
        String token = TestTokens.forRole(role);

        Response login = Sessions.login(token);
        login.then().statusCode(303).header("Location", endsWith("/console"));
        Cookie cookie = login.detailedCookie(COOKIE);
        assertEquals(token, cookie.getValue());
        assertTrue(cookie.isHttpOnly(), "HttpOnly");
        assertEquals("Strict", cookie.getSameSite());
        assertEquals("/", cookie.getPath());
        assertFalse(cookie.isSecured(), "plain HTTP here; Secure is set when the console is reached over HTTPS");
        assertTrue(cookie.getMaxAge() > 0 && cookie.getMaxAge() <= 3600, "lives as long as the token");
        assertFalse(login.getHeader("Location").contains(token));

        for (String path : new String[] {"/console", "/console/overview"}) {
            String page = given().cookie(cookie).when().get(path)
                    .then().statusCode(200).header("Cache-Control", "no-store").extract().asString();
            assertFalse(page.contains(token), path + " shows the token");
            assertFalse(page.contains(token.substring(token.lastIndexOf('.') + 1)), path + " shows the signature");
        }
        given().cookie(cookie).when().get("/console").then()
                .body(containsString("Signed in as test-" + role))
                .body(containsString("Directives in flight"))
                .body(containsString("/console/console.js"));
    }

    @Test
    void openingTheConsoleIsLoggedAsAReadOfTheAuditLogNamingWhoOpenedIt() {
        String name = "operator-" + System.nanoTime();
        Sessions.cookieFor(TestTokens.issuer().forRole(TestTokens.PRIVACY_OPERATOR, name, Duration.ofMinutes(5)));

        long logged = database.preparedQuery("select (select count(*) from intake where record::jsonb #>> '{data,actor}' = $1"
                        + " and record::jsonb #>> '{data,kind}' = 'console')"
                        + " + (select count(*) from audit_entry where actor = $1 and event_type = $2) as n")
                .execute(Tuple.of(name, "dev.heed.audit.queried.v1")).await().atMost(SQL)
                .iterator().next().getLong("n");
        assertEquals(1, logged);
    }

    @Test
    void aRoleThatMayNotReadTheLogGetsA403PageAndNoCookie() {
        Response login = Sessions.login(TestTokens.forRole(TestTokens.SUPPORT_AGENT));
        login.then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("none of the roles that open the console"));
        assertNull(login.detailedCookie(COOKIE));

        // A cookie made some other way still gets the 403 page, never the console.
        given().redirects().follow(false).cookie(COOKIE, TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .when().get("/console")
                .then().statusCode(403).body(containsString("none of the roles that open the console"))
                .body(not(containsString("Directives in flight")));
        given().redirects().follow(false).cookie(COOKIE, TestTokens.forSystem("crm"))
                .when().get("/console/stream").then().statusCode(403);
    }

    @Test
    void aBadTokenIsRefusedOnTheLoginPageWithoutEchoingItAndSetsNoCookie() {
        String foreign = TokenIssuer.generate().forRole(TestTokens.PRIVACY_OPERATOR, "intruder", Duration.ofHours(1));
        Response refused = Sessions.login(foreign);
        refused.then().statusCode(401).body(containsString("token: not valid here, or expired"));
        assertFalse(refused.asString().contains(foreign));
        assertNull(refused.detailedCookie(COOKIE));

        String expired = TestTokens.issuer().forRole(TestTokens.PRIVACY_OPERATOR, "late", Duration.ofHours(-1));
        Sessions.login(expired).then().statusCode(401);
        Sessions.login(" ").then().statusCode(400).body(containsString("token: paste a bearer token"));
        // Only the form's POST signs in: no way to pass a token in a URL.
        given().redirects().follow(false).queryParam("token", TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/console").then().statusCode(303).header("Location", endsWith("/console/login"));
    }

    @Test
    void anExpiredOrForeignSessionCookieIsClearedAndLeadsBackToTheLoginForm() {
        String expired = TestTokens.issuer().forRole(TestTokens.AUDITOR, "late", Duration.ofHours(-1));
        String foreign = TokenIssuer.generate().forRole(TestTokens.AUDITOR, "intruder", Duration.ofHours(1));
        for (String stale : new String[] {expired, foreign}) {
            Response response = given().redirects().follow(false).cookie(COOKIE, stale).when().get("/console");
            response.then().statusCode(303).header("Location", endsWith("/console/login"));
            assertEquals(0, response.detailedCookie(COOKIE).getMaxAge());
            // The login form itself stays reachable with the stale cookie.
            given().cookie(COOKIE, stale).when().get("/console/login").then().statusCode(200);
        }
    }

    @Test
    void signingOutClearsTheCookie() {
        Cookie cookie = Sessions.cookieFor(TestTokens.forRole(TestTokens.AUDITOR));
        Response logout = given().redirects().follow(false).cookie(cookie).when().post("/console/logout");
        logout.then().statusCode(303).header("Location", endsWith("/console/login"));
        Cookie cleared = logout.detailedCookie(COOKIE);
        assertEquals("", cleared.getValue());
        assertEquals(0, cleared.getMaxAge());
        assertTrue(cleared.isHttpOnly());
    }

    @Test
    void theApiKeepsTakingBearerHeadersAndRefusingCallsWithoutOne() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/audit/entries?limit=1").then().statusCode(200);
        given().when().get("/api/v1/audit/entries?limit=1").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .when().get("/api/v1/audit/entries?limit=1").then().statusCode(403);
    }
}
