package dev.heed.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Servers someone already runs: {@code HEED_TEST_KAFKA} and {@code HEED_TEST_PG_URL}. */
final class ExternalInfra {

    private ExternalInfra() {
    }

    /**
     * @param kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
     * @param pgUrl a libpq-style URI, e.g. {@code postgresql://postgres:secret@127.0.0.1:5432}
     */
    static HeedInfra from(String kafka, String pgUrl) {
        URI uri = URI.create(pgUrl.startsWith("jdbc:") ? pgUrl.substring("jdbc:".length()) : pgUrl);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("HEED_TEST_PG_URL must look like postgresql://user:password@host:port");
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        return new HeedInfra(kafka, uri.getHost(), port, user, password, null);
    }
}
