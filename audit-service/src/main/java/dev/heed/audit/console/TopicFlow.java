package dev.heed.audit.console;

/**
 * Entries of one topic by event time.
 *
 * @param perMinute the mean rate over the last five minutes, one decimal
 */
public record TopicFlow(String topic, long lastHour, long lastFiveMinutes, String perMinute) {

    static TopicFlow of(String topic, long lastHour, long lastFiveMinutes) {
        return new TopicFlow(topic, lastHour, lastFiveMinutes, String.format(java.util.Locale.ROOT, "%.1f",
                lastFiveMinutes / 5.0));
    }
}
