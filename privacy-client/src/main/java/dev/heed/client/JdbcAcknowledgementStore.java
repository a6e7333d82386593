package dev.heed.client;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Keeps answers in the downstream system's own database, in table {@value #TABLE}, which it
 * creates if absent. One row per system and directive; rows hold no personal data (ids, outcome,
 * counts, reason, export reference and hash). A directive can be re-sent until its deadline:
 * remove older rows with {@link #forgetAcknowledgedBefore(Instant)} once they are past any deadline.
 *
 * <p>Written for PostgreSQL and tested on it; the SQL is plain (no upsert dialect) so other
 * databases with {@code create table if not exists} and {@code timestamp with time zone} work too.
 */
public final class JdbcAcknowledgementStore implements AcknowledgementStore {

    public static final String TABLE = "heed_directive_ack";

    private static final String CREATE = "create table if not exists " + TABLE + " ("
            + " system_id varchar(63) not null,"
            + " directive_id varchar(36) not null,"
            + " event_id varchar(200) not null,"
            + " outcome varchar(20) not null,"
            + " records_affected bigint,"
            + " reason varchar(1000),"
            + " export_reference varchar(2000),"
            + " export_sha256 varchar(64),"
            + " acknowledged_at timestamp with time zone not null,"
            + " primary key (system_id, directive_id))";
    private static final String FIND = "select event_id, outcome, records_affected, reason, export_reference,"
            + " export_sha256, acknowledged_at from " + TABLE + " where system_id = ? and directive_id = ?";
    // Insert-if-absent without a dialect's upsert; a concurrent insert of the same key still fails on the key.
    private static final String INSERT = "insert into " + TABLE + " (system_id, directive_id, event_id, outcome,"
            + " records_affected, reason, export_reference, export_sha256, acknowledged_at)"
            + " select ?, ?, ?, ?, ?, ?, ?, ?, ? where not exists"
            + " (select 1 from " + TABLE + " where system_id = ? and directive_id = ?)";
    private static final String FORGET = "delete from " + TABLE + " where acknowledged_at < ?";

    private final DataSource dataSource;

    public JdbcAcknowledgementStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        createTable();
    }

    /** The data source whose transactions {@link TransactionalHandler}s share. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Optional<HeedEvent<DirectiveAcknowledgement>> find(String systemId, UUID directiveId) {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, systemId, directiveId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + TABLE, e);
        }
    }

    @Override
    public HeedEvent<DirectiveAcknowledgement> storeIfAbsent(HeedEvent<DirectiveAcknowledgement> acknowledgement) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return storeIfAbsent(connection, acknowledgement);
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
                // Another instance stored its answer between our check and our insert: that one stands.
                DirectiveAcknowledgement ack = acknowledgement.data();
                return find(ack.systemId(), ack.directiveId()).orElseThrow(() ->
                        new IllegalStateException("answer to " + ack.directiveId() + " neither stored nor found"));
            }
            throw new IllegalStateException("could not write " + TABLE, e);
        }
    }

    /**
     * Stores the answer in the caller's transaction, which the caller commits. A concurrent insert
     * of the same directive fails the transaction (SQLState class 23); roll back and look again.
     */
    public HeedEvent<DirectiveAcknowledgement> storeIfAbsent(Connection transaction,
            HeedEvent<DirectiveAcknowledgement> acknowledgement) throws SQLException {
        DirectiveAcknowledgement ack = acknowledgement.data();
        String directiveId = ack.directiveId().toString();
        try (PreparedStatement insert = transaction.prepareStatement(INSERT)) {
            insert.setString(1, ack.systemId());
            insert.setString(2, directiveId);
            insert.setString(3, acknowledgement.id());
            insert.setString(4, ack.outcome().name());
            if (ack.recordsAffected() == null) {
                insert.setNull(5, Types.BIGINT);
            } else {
                insert.setLong(5, ack.recordsAffected());
            }
            setText(insert, 6, ack.reason());
            setText(insert, 7, ack.exportReference());
            setText(insert, 8, ack.exportSha256());
            insert.setObject(9, OffsetDateTime.ofInstant(ack.acknowledgedAt(), ZoneOffset.UTC));
            insert.setString(10, ack.systemId());
            insert.setString(11, directiveId);
            if (insert.executeUpdate() == 1) {
                return acknowledgement;
            }
        }
        return find(transaction, ack.systemId(), ack.directiveId()).orElseThrow(() ->
                new IllegalStateException("answer to " + directiveId + " neither stored nor found"));
    }

    /** Removes answers given before {@code instant}; returns how many. */
    public int forgetAcknowledgedBefore(Instant instant) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(FORGET)) {
            connection.setAutoCommit(true);
            delete.setObject(1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not clean " + TABLE, e);
        }
    }

    static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    private static Optional<HeedEvent<DirectiveAcknowledgement>> find(Connection connection, String systemId,
            UUID directiveId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(FIND)) {
            query.setString(1, systemId);
            query.setString(2, directiveId.toString());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long records = row.getLong("records_affected");
                Long recordsAffected = row.wasNull() ? null : records;
                Instant acknowledgedAt = row.getObject("acknowledged_at", OffsetDateTime.class).toInstant();
                DirectiveAcknowledgement ack = new DirectiveAcknowledgement(directiveId, systemId,
                        AckOutcome.valueOf(row.getString("outcome")), recordsAffected, row.getString("reason"),
                        row.getString("export_reference"), row.getString("export_sha256"), acknowledgedAt);
                // The event's time is the acknowledgement's: the answer is re-sent as the same event.
                return Optional.of(HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, row.getString("event_id"),
                        Application.systemSource(systemId), acknowledgedAt, ack));
            }
        }
    }

    private void createTable() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(CREATE);
        } catch (SQLException e) {
            // Two instances starting together may race on "if not exists"; the table is there either way.
            if (!tableExists()) {
                throw new IllegalStateException("could not create " + TABLE, e);
            }
        }
    }

    private boolean tableExists() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeQuery("select count(*) from " + TABLE + " where 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
