package dev.heed.dsr.deadline;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The controller's calendar: {@code heed.dsr.deadlines.*}. */
@ConfigMapping(prefix = "heed.dsr.deadlines")
public interface DeadlineConfig {

    /** The zone in which periods are counted (GDPR: the controller's establishment). */
    @WithDefault("UTC")
    String zone();

    /** Public holidays, ISO dates ({@code 2026-12-25}): not business days. */
    Optional<List<String>> holidays();
}
