package dev.heed.audit.console;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The session cookie that carries an operator's bearer token: HttpOnly (no script reads it),
 * SameSite=Strict (no other site's page sends it, which with the POST-only login is the CSRF
 * defence), Secure whenever the console is reached over HTTPS, and gone when the token expires.
 */
@ApplicationScoped
public class ConsoleSession {

    private final String name;

    ConsoleSession(@ConfigProperty(name = "mp.jwt.token.cookie") String name) {
        this.name = name;
    }

    NewCookie open(String token, Instant expiresAt, Instant now, HttpServerRequest request) {
        int maxAge = (int) Math.max(0, Math.min(Integer.MAX_VALUE, Duration.between(now, expiresAt).getSeconds()));
        return cookie(token, maxAge, request);
    }

    NewCookie close(HttpServerRequest request) {
        return cookie("", 0, request);
    }

    private NewCookie cookie(String value, int maxAge, HttpServerRequest request) {
        return new NewCookie.Builder(name)
                .value(value)
                .path("/")
                .maxAge(maxAge)
                .httpOnly(true)
                .secure("https".equalsIgnoreCase(request.scheme()))
                .sameSite(NewCookie.SameSite.STRICT)
                .build();
    }
}
