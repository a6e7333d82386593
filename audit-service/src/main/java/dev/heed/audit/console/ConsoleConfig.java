package dev.heed.audit.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the operator console ({@code heed.console.*}). */
@ConfigMapping(prefix = "heed.console")
public interface ConsoleConfig {

    /** Directives issued longer ago are left out of the in-flight and overdue views (bounds their queries). */
    @WithDefault("P90D")
    Duration directiveWindow();

    /** How often a console's live stream reads what was appended since its last entry. */
    @WithDefault("PT1S")
    Duration pollEvery();
}
