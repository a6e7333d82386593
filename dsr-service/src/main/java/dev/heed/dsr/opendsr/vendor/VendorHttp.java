package dev.heed.dsr.opendsr.vendor;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/** HTTP calls to vendors, on the Vert.x event loop (nothing blocks a worker while a vendor is slow). */
@ApplicationScoped
class VendorHttp {

    static final String JSON = "application/json";

    private final HttpClient client;
    private final long timeoutMillis;

    VendorHttp(Vertx vertx, OpenDsrVendorConfig config) {
        this.timeoutMillis = config.timeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeoutMillis)
                .setMaxPoolSize(8));
    }

    Uni<VendorResponse> get(String url) {
        return call(HttpMethod.GET, url, null);
    }

    Uni<VendorResponse> post(String url, byte[] body) {
        return call(HttpMethod.POST, url, body);
    }

    private Uni<VendorResponse> call(HttpMethod method, String url, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                .putHeader("Accept", JSON);
        if (body != null) {
            options.putHeader("Content-Type", JSON);
        }
        return client.request(options)
                .chain(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(bytes -> of(response, bytes)));
    }

    private static VendorResponse of(HttpClientResponse response, Buffer body) {
        return new VendorResponse(response.statusCode(), new SignedBody(body.getBytes(),
                ReceivedHeaders.domain(response::getHeader), ReceivedHeaders.signature(response::getHeader)));
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }

    /** A vendor's answer: the status code and the body with its signature headers (not yet verified). */
    record VendorResponse(int status, SignedBody body) {
    }
}
