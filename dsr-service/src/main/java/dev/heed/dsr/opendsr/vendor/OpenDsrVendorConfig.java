package dev.heed.dsr.opendsr.vendor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code heed.dsr.opendsr.vendors.*}: how dsr-service reaches vendors registered with transport OPENDSR. */
@ConfigMapping(prefix = "heed.dsr.opendsr.vendors")
public interface OpenDsrVendorConfig {

    /** Whether a vendor's base URL may be plain http: tests and the local stack only. */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * A PEM file of CA certificates a vendor's certificate may chain to, besides the JDK's default
     * ones (e.g. a private CA a vendor uses; the test CA in tests).
     */
    Optional<Path> trustAnchors();

    /** How often the leader sends due requests and asks for overdue statuses ({@code off} to stop it). */
    @WithDefault("30s")
    String every();

    /** The first retry of an unreachable vendor; each next one waits twice as long, up to {@link #maxBackoff()}. */
    @WithDefault("PT1M")
    Duration initialBackoff();

    @WithDefault("PT1H")
    Duration maxBackoff();

    /** How long after acceptance (and after each answer) the status is asked when no callback came. */
    @WithDefault("PT6H")
    Duration statusAfter();

    /** How long a vendor's certificate is used before discovery is read again (a failed verification reads it at once). */
    @WithDefault("PT1H")
    Duration certificateTtl();

    /** Connect and response timeout of each call to a vendor. */
    @WithDefault("PT10S")
    Duration timeout();

    /** How many due requests one run handles. */
    @WithDefault("50")
    int batchSize();
}
