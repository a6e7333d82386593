package dev.heed.dsr.opendsr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** OpenDSR 2.0, processor side: who may send requests in, and how this service signs what it answers. */
@ConfigMapping(prefix = "heed.dsr.opendsr")
public interface OpenDsrConfig {

    /** The domain the signing certificate is issued for, sent in X-OpenDSR-Processor-Domain. */
    Optional<String> processorDomain();

    /** The RSA private key, PKCS#8 PEM (a mounted Secret). Without it the OpenDSR endpoints answer 404. */
    Optional<Path> keyFile();

    /** The CA-issued certificate chain, PEM, leaf first (a mounted Secret). */
    Optional<Path> certificateFile();

    /** How long an accepted request stays pending, and can be cancelled, before it goes to the systems. */
    @WithDefault("PT1H")
    Duration cancellationWindow();

    /** How often the leader sends requests whose window ended on ("off" disables). */
    @WithDefault("30s")
    String releaseEvery();

    Callbacks callbacks();

    /** The controllers allowed in, by controller id. */
    Map<String, Controller> controllers();

    interface Callbacks {
        /** How often the leader delivers due callbacks ("off" disables). */
        @WithDefault("5s")
        String every();

        /** Plain http callback URLs (tests and the local stack only); https otherwise. */
        @WithDefault("false")
        boolean allowHttp();

        @WithDefault("PT10S")
        Duration firstRetryAfter();

        @WithDefault("PT1H")
        Duration maxRetryAfter();

        /** A callback failing this many times in a row is reported as failing (metric and API). */
        @WithDefault("3")
        int failingAfter();

        @WithDefault("PT10S")
        Duration timeout();
    }

    interface Controller {
        /** Lower-case hex SHA-256 of the controller's bearer token: the token itself is never stored. */
        String tokenSha256();

        /** The hosts its status_callback_urls may point at. */
        List<String> callbackHosts();
    }
}
