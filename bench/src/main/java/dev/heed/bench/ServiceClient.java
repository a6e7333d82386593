package dev.heed.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One Heed service over HTTP with one bearer token; one client, so connections are kept and shared. */
final class ServiceClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder()
            // Plain HTTP/1.1 keep-alive, as a typical caller of the check; no h2c upgrade attempt.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;
    private final String authorization;

    ServiceClient(URI base, String token) {
        this.base = base;
        this.authorization = "Bearer " + token;
    }

    Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** The Prometheus text of {@code /q/metrics}. */
    Response metrics() throws IOException, InterruptedException {
        return send(request("/q/metrics").setHeader("Accept", "text/plain").GET().build());
    }

    Response post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    record Response(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        Outcome outcome() {
            return ok() ? Outcome.OK : Outcome.failed("HTTP " + status);
        }
    }
}
