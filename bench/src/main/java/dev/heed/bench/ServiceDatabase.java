package dev.heed.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** consent-service's PostgreSQL database (heed_consent), reached over JDBC as the bench's own client. */
final class ServiceDatabase {

    private final String jdbcUrl;
    private final String user;
    private final String password;

    ServiceDatabase(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The server's release and durability settings, which decide what a commit costs. */
    String describe() throws SQLException {
        StringBuilder settings = new StringBuilder();
        try (Connection connection = connect(); Statement show = connection.createStatement()) {
            for (String setting : new String[] {"server_version", "fsync", "synchronous_commit"}) {
                try (ResultSet rows = show.executeQuery("show " + setting)) {
                    rows.next();
                    settings.append(settings.isEmpty() ? "" : ", ").append(setting).append(' ').append(rows.getString(1));
                }
            }
        }
        return settings.toString();
    }

    /**
     * Waits until the service's outbox relay has published every pending event, so that one
     * scenario's writes are not still being relayed to Kafka while the next one is measured.
     *
     * @return how long it took
     */
    Duration awaitOutboxDrained(Duration atMost) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + atMost.toNanos();
        try (Connection connection = connect(); Statement query = connection.createStatement()) {
            while (true) {
                try (ResultSet rows = query.executeQuery("select count(*) from heed_platform.outbox where sent_at is null")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return Duration.ofNanos(System.nanoTime() - start);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the outbox still has unsent events after " + atMost
                            + ": is the relay (and Kafka) running?");
                }
                Thread.sleep(200);
            }
        }
    }
}
