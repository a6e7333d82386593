package dev.heed.dsr.opendsr.vendor;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.dsr.opendsr.signature.Pem;
import dev.heed.dsr.opendsr.signature.SignatureVerifier;
import dev.heed.dsr.opendsr.signature.SignatureVerifier.SignatureRejected;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies what a vendor signed, against the certificate its discovery endpoint names
 * ({@code processor_certificate}). The certificate is cached per replica (it is only a cache: any
 * replica fetches the same one), read again after {@code certificate-ttl} and at once when a
 * signature fails with a cached one (the vendor may have rotated it). It must chain to the JDK's CAs
 * or the configured trust anchors and name the vendor's domain, which must be the host of the
 * registered base URL.
 */
@ApplicationScoped
class VendorCertificates {

    private static final Duration MIN_REFRESH = Duration.ofMinutes(1);

    private final VendorHttp http;
    private final OpenDsrVendorConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final SignatureVerifier verifier;
    private final Map<String, Cached> byBaseUrl = new ConcurrentHashMap<>();

    VendorCertificates(VendorHttp http, OpenDsrVendorConfig config, Clock clock, ObjectMapper json) {
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.verifier = SignatureVerifier.withDefaultAnchors(config.trustAnchors().map(file -> {
            try {
                return Pem.certificates(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("heed.dsr.opendsr.vendors.trust-anchors: cannot read " + file, e);
            }
        }).orElse(List.of()));
    }

    /** The body, verified; fails with {@link SignatureRejected} when it is not the vendor's. */
    Uni<VerifiedBody> verify(String baseUrl, SignedBody body) {
        String domain = hostOf(baseUrl);
        if (body.domain() == null || !body.domain().toLowerCase(Locale.ROOT).equals(domain)) {
            return Uni.createFrom().failure(new SignatureRejected(
                    "the processor domain header does not name the registered vendor's host"));
        }
        if (body.signature() == null || body.signature().isBlank()) {
            return Uni.createFrom().failure(new SignatureRejected("the signature header is missing"));
        }
        Cached cached = byBaseUrl.get(baseUrl);
        Instant now = clock.instant();
        if (cached != null && cached.fetchedAt().plus(config.certificateTtl()).isAfter(now)) {
            // A failure with a cached certificate reads discovery again (the vendor may have rotated it),
            // at most once a minute: forged callbacks must not make us call the vendor for each of them.
            boolean mayRefresh = cached.fetchedAt().plus(MIN_REFRESH).isBefore(now);
            return Uni.createFrom().item(() -> verified(body, cached.chain(), domain))
                    .onFailure(SignatureRejected.class).recoverWithUni(rejected -> mayRefresh
                            ? fetch(baseUrl).map(fresh -> verified(body, fresh, domain))
                            : Uni.createFrom().failure(rejected));
        }
        return fetch(baseUrl).map(chain -> verified(body, chain, domain));
    }

    private VerifiedBody verified(SignedBody body, List<X509Certificate> chain, String domain) {
        verifier.verify(body.bytes(), body.signature().strip(), chain, domain, clock.instant());
        return new VerifiedBody(body.bytes(), body.signature().strip(), domain, sha256(body.bytes()),
                sha256(encoded(chain.get(0))));
    }

    /** Reads discovery, then the certificate it names (same host, as the spec requires). */
    private Uni<List<X509Certificate>> fetch(String baseUrl) {
        return http.get(baseUrl + "/v2/discovery").chain(discovery -> {
            if (discovery.status() != 200) {
                return Uni.createFrom().failure(new SignatureRejected("discovery answered " + discovery.status()));
            }
            String location = certificateLocation(discovery.body().bytes());
            if (location == null || !sameHost(location, baseUrl)) {
                return Uni.createFrom().failure(new SignatureRejected(
                        "discovery names no processor_certificate on the vendor's own host"));
            }
            return http.get(location);
        }).map(certificate -> {
            if (certificate.status() != 200) {
                throw new SignatureRejected("the processor certificate answered " + certificate.status());
            }
            List<X509Certificate> chain;
            try {
                chain = Pem.certificates(new String(certificate.body().bytes(), UTF_8));
            } catch (RuntimeException e) {
                throw new SignatureRejected("the processor certificate is not PEM");
            }
            if (chain.isEmpty()) {
                throw new SignatureRejected("the processor certificate is empty");
            }
            byBaseUrl.put(baseUrl, new Cached(chain, clock.instant()));
            return chain;
        });
    }

    private String certificateLocation(byte[] discovery) {
        try {
            JsonNode location = json.readTree(discovery).path("processor_certificate");
            return location.isTextual() ? location.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean sameHost(String location, String baseUrl) {
        try {
            URI uri = URI.create(location);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean allowedScheme = scheme.equals("https") || (config.allowHttp() && scheme.equals("http"));
            return allowedScheme && uri.getHost() != null && uri.getHost().toLowerCase(Locale.ROOT).equals(hostOf(baseUrl));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String hostOf(String baseUrl) {
        return URI.create(baseUrl).getHost().toLowerCase(Locale.ROOT);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new SignatureRejected("the certificate cannot be encoded");
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(List<X509Certificate> chain, Instant fetchedAt) {
    }
}
