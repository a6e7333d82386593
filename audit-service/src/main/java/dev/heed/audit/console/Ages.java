package dev.heed.audit.console;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times and durations as an operator reads them: to the second, "2026-03-01 12:00:05Z"; "3d 4h", "12m 5s". */
final class Ages {

    private Ages() {
    }

    static String of(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + seconds % 60 + "s";
        }
        return seconds + "s";
    }

    static String shown(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    }
}
