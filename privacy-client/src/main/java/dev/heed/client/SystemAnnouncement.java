package dev.heed.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.events.directive.DirectiveKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Announces the system to dsr-service ({@code PUT /api/v1/systems/<id>/announcement}) with its own
 * {@code system} token, on a thread of its own: the system starts whether or not dsr-service is
 * up. An unreachable service, a 5xx, a 408 or a 429 is tried again with a doubling delay until it
 * is accepted or the client closes; any other 4xx is logged and not tried again, since sending
 * the same again would get the same answer.
 */
final class SystemAnnouncement implements AutoCloseable {

    static final String CLIENT_VERSION = clientVersion();
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_LOGGED_ANSWER = 500;
    private static final System.Logger LOG = System.getLogger(SystemAnnouncement.class.getName());

    private final String systemId;
    private final URI target;
    private final Supplier<String> bearerToken;
    private final String body;
    private final Duration maxRetry;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private volatile AnnouncementState state = AnnouncementState.PENDING;
    private Duration nextRetry;

    SystemAnnouncement(String systemId, URI dsrBaseUrl, Supplier<String> bearerToken, SystemDescription description,
            Set<DirectiveKind> handled, Duration firstRetry, Duration maxRetry) {
        this.systemId = systemId;
        this.target = URI.create(dsrBaseUrl.toString().replaceAll("/+$", "") + "/api/v1/systems/" + systemId
                + "/announcement");
        this.bearerToken = bearerToken;
        this.body = body(description, handled);
        this.nextRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "heed-" + systemId + "-announcement");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        scheduler.execute(this::attempt);
    }

    AnnouncementState state() {
        return state;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void attempt() {
        HttpResponse<String> answer;
        try {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + bearerToken.get())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | RuntimeException e) {
            retry(e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = answer.statusCode();
        if (status / 100 == 2) {
            state = AnnouncementState.ANNOUNCED;
            LOG.log(Level.INFO, "system {0} announced itself to dsr-service (HTTP {1})", systemId, status);
        } else if (status / 100 == 4 && status != 408 && status != 429) {
            state = AnnouncementState.REFUSED;
            // The answer is a problem+json that names the field and never repeats what was sent.
            LOG.log(Level.WARNING, "dsr-service refused the announcement of system {0}: HTTP {1} {2}; not sent again",
                    systemId, status, shortened(answer.body()));
        } else {
            retry("HTTP " + status);
        }
    }

    private void retry(String why) {
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : nextRetry.multipliedBy(2);
        LOG.log(Level.INFO, "system {0} could not announce itself to dsr-service ({1}); trying again in {2}",
                systemId, why, delay);
        try {
            scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    private static String shortened(String text) {
        return text.length() <= MAX_LOGGED_ANSWER ? text : text.substring(0, MAX_LOGGED_ANSWER) + "...";
    }

    private static String body(SystemDescription description, Set<DirectiveKind> handled) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", description.name());
        fields.put("ownerTeam", description.ownerTeam());
        fields.put("dataCategories", description.dataCategories().stream().sorted().toList());
        fields.put("purposes", description.purposes().stream().sorted().toList());
        fields.put("directiveKinds", handled.stream().map(DirectiveKind::name).sorted().toList());
        fields.put("clientVersion", CLIENT_VERSION);
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clientVersion() {
        Properties properties = new Properties();
        try (InputStream in = SystemAnnouncement.class.getResourceAsStream("privacy-client.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
