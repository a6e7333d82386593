package dev.heed.dsr.export;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code heed.dsr.exports.*}; the key comes from the environment ({@code HEED_DSR_EXPORTS_KEY}). */
@ConfigMapping(prefix = "heed.dsr.exports")
public interface ExportConfig {

    /** The AES-256 key parts and packages are encrypted with, base64 of 32 bytes. The same on every replica. */
    String key();

    /** The largest part one system may upload. */
    @WithDefault("10M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxPartSize();

    /** How long a package can be downloaded; then it is deleted. */
    @WithDefault("P30D")
    Duration packageTtl();

    Expiry expiry();

    interface Expiry {

        /** How often the leader runs {@link PackageExpiryJob} ({@code off} to stop it). */
        @WithDefault("1h")
        String every();
    }
}
