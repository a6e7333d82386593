package dev.heed.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The floor under the write path: one single-row INSERT per transaction (autocommit) over JDBC,
 * into a scratch table of the service's own database, one connection per thread. A row has the
 * shape of a ledger row's essentials. The table is created for the run and dropped after it.
 */
final class RawInsertScenario implements LoadScenario, AutoCloseable {

    static final String TABLE = "bench_raw_insert";

    private final ServiceDatabase database;

    RawInsertScenario(ServiceDatabase database) throws SQLException {
        this.database = database;
        try (Connection connection = database.connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("drop table if exists " + TABLE);
            ddl.execute("create table " + TABLE + " (id bigserial primary key, subject_key text not null, "
                    + "purpose_id text not null, decision text not null, recorded_at timestamptz not null)");
        }
    }

    @Override
    public String name() {
        return "raw insert";
    }

    @Override
    public String description() {
        return "JDBC single-row INSERT, autocommit, into " + TABLE + " of the same database";
    }

    @Override
    public Worker newWorker() throws SQLException {
        Connection connection = database.connect();
        PreparedStatement insert = connection.prepareStatement("insert into " + TABLE
                + " (subject_key, purpose_id, decision, recorded_at) values (?, ?, 'GRANTED', now())");
        byte[] key = new byte[32];
        return new Worker() {
            @Override
            public Outcome call() throws SQLException {
                // As long as a real subject key: k1: and a base64url HMAC-SHA256.
                ThreadLocalRandom.current().nextBytes(key);
                insert.setString(1, "k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(key));
                insert.setString(2, "bench-purpose");
                return insert.executeUpdate() == 1 ? Outcome.OK : Outcome.failed("no row inserted");
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = database.connect(); Statement ddl = connection.createStatement()) {
            ddl.execute("drop table if exists " + TABLE);
        }
    }
}
