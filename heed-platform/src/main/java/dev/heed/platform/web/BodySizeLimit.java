package dev.heed.platform.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a declared oversized body with a 413 problem+json before anything reads it (the HTTP
 * layer's own check answers bodies without a Content-Length, in plain text). Paths matching
 * {@code heed.http.limits.own-limit-paths} (regular expressions) are skipped: their handlers read
 * the body themselves, with a limit of their own (e.g. export uploads of several megabytes).
 */
@Singleton
public class BodySizeLimit {

    private final long limit;
    private final List<Pattern> ownLimitPaths;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
            @ConfigProperty(name = "heed.http.limits.own-limit-paths") Optional<List<String>> ownLimitPaths) {
        this.limit = max.asLongValue();
        this.ownLimitPaths = ownLimitPaths.orElse(List.of()).stream().map(Pattern::compile).toList();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length) && !hasOwnLimit(context.normalizedPath())) {
                String body = """
                        {"type":"%s","title":"Payload too large","status":413,"detail":"the body exceeds %d bytes","instance":%s}"""
                        .formatted(URI.create("https://heed.dev/problems/payload-too-large"), limit,
                                quoted(Problem.occurrenceId()));
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body);
            } else {
                context.next();
            }
        });
    }

    private boolean hasOwnLimit(String path) {
        return ownLimitPaths.stream().anyMatch(pattern -> pattern.matcher(path).matches());
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String quoted(String text) {
        return Json.encode(text == null ? "" : text);
    }
}
