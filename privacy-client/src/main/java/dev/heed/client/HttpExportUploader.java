package dev.heed.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Uploads an export with an HTTP {@code PUT} of its bytes to the URL the directive names in its
 * {@value Export#UPLOAD_URL} parameter. A PUT overwrites, so a repeated upload is harmless. The
 * body's digest travels in {@code Content-Digest} (RFC 9530) so the receiver can check it. The
 * reference acknowledged is the URL without its query and fragment, which may hold a one-time token.
 */
public final class HttpExportUploader implements ExportUploader {

    private final HttpClient http;
    private final Duration timeout;
    private final Supplier<String> authorization;

    private HttpExportUploader(HttpClient http, Duration timeout, Supplier<String> authorization) {
        this.http = http;
        this.timeout = timeout;
        this.authorization = authorization;
    }

    /** An uploader with its own HTTP client and a 2-minute timeout per upload. */
    public static HttpExportUploader create() {
        return new HttpExportUploader(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                Duration.ofMinutes(2), null);
    }

    public HttpExportUploader timeout(Duration perUpload) {
        return new HttpExportUploader(http, Objects.requireNonNull(perUpload), authorization);
    }

    /** The {@code Authorization} header value for each upload (e.g. {@code "Bearer " + token}), asked anew each time. */
    public HttpExportUploader authorization(Supplier<String> header) {
        return new HttpExportUploader(http, timeout, Objects.requireNonNull(header));
    }

    @Override
    public String upload(Export export, byte[] data, String contentType, String sha256)
            throws IOException, InterruptedException {
        URI target = export.uploadUrl().orElseThrow(() -> new IllegalArgumentException(
                "the export directive names no " + Export.UPLOAD_URL));
        if (!"https".equals(target.getScheme()) && !"http".equals(target.getScheme())) {
            throw new IllegalArgumentException(Export.UPLOAD_URL + " must be an http(s) URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of()
                        .parseHex(sha256)) + ":")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data));
        if (authorization != null) {
            request.header("Authorization", authorization.get());
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            // The status only: the URL may carry a token.
            throw new IOException("export upload answered HTTP " + response.statusCode());
        }
        return withoutQuery(target);
    }

    private static String withoutQuery(URI uri) {
        try {
            return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(Export.UPLOAD_URL + " is not a valid URL");
        }
    }
}
