package dev.heed.examples.supportdesk;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The support desk's own data: every ticket a customer opened, stored under the customer's
 * subject key (never the customer id) and the e-mail address they wrote from.
 *
 * <p>Reads and deletes match a subject by its key or by one of its verified e-mail addresses:
 * Heed sends identities instead of a known customer id when a customer asked by e-mail.
 */
public final class TicketArchive {

    private static final String CREATE = """
            create table if not exists ticket (
              id bigserial primary key,
              subject_key varchar(100) not null,
              customer_email varchar(320) not null,
              body text not null,
              created_at timestamp with time zone not null default now())""";
    private static final String BY_SUBJECT = "(subject_key = ? or lower(customer_email) = any(?))";

    /** The subject key of an anonymised ticket: it belongs to no one. */
    public static final String ANONYMISED = "anonymised";

    private final DataSource database;

    public TicketArchive(DataSource database) {
        this.database = database;
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
            statement.execute("create index if not exists ticket_subject_key on ticket (subject_key)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the ticket table", e);
        }
    }

    public DataSource database() {
        return database;
    }

    /** A customer opens a ticket, now or, for {@code openedAt} not null, at that time. */
    public Ticket open(String subjectKey, String customerEmail, String body, Instant openedAt) {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into ticket (subject_key, customer_email, body, created_at)"
                                + " values (?, ?, ?, coalesce(?, now())) returning id, created_at")) {
            insert.setString(1, subjectKey);
            insert.setString(2, customerEmail);
            insert.setString(3, body);
            insert.setTimestamp(4, openedAt == null ? null : Timestamp.from(openedAt));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return new Ticket(row.getLong(1), subjectKey, customerEmail, body, row.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the ticket", e);
        }
    }

    /** Every ticket of the subject, oldest first. */
    public List<Ticket> ticketsOf(String subjectKey, List<String> emails) {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("select id, subject_key, customer_email,"
                        + " body, created_at from ticket where " + BY_SUBJECT + " order by created_at, id")) {
            bindSubject(connection, select, subjectKey, emails);
            List<Ticket> tickets = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Timestamp created = row.getTimestamp(5);
                    tickets.add(new Ticket(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                            created.toInstant()));
                }
            }
            return tickets;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read tickets", e);
        }
    }

    /**
     * Deletes every ticket of the subject in the caller's transaction. Idempotent: a second
     * erasure finds nothing and deletes 0 rows.
     */
    public int erase(Connection transaction, String subjectKey, List<String> emails) throws SQLException {
        try (PreparedStatement delete = transaction.prepareStatement("delete from ticket where " + BY_SUBJECT)) {
            bindSubject(transaction, delete, subjectKey, emails);
            return delete.executeUpdate();
        }
    }

    /**
     * Purges tickets opened before the cutoff in the caller's transaction, except those of held
     * subjects: deleted, or anonymised (the ticket stays for statistics without whom it was from or
     * what it said). Idempotent: a second purge finds nothing left to purge.
     */
    public int purge(Connection transaction, Instant cutoff, boolean anonymise, Collection<String> heldSubjectKeys)
            throws SQLException {
        String due = " where created_at < ? and subject_key <> all(?) and subject_key <> '" + ANONYMISED + "'";
        String sql = anonymise
                ? "update ticket set subject_key = '" + ANONYMISED + "', customer_email = '', body = ''" + due
                : "delete from ticket" + due;
        try (PreparedStatement purge = transaction.prepareStatement(sql)) {
            purge.setTimestamp(1, Timestamp.from(cutoff));
            purge.setArray(2, transaction.createArrayOf("text", heldSubjectKeys.toArray()));
            return purge.executeUpdate();
        }
    }

    private static void bindSubject(Connection connection, PreparedStatement statement, String subjectKey,
            List<String> emails) throws SQLException {
        Array lowerCased = connection.createArrayOf("text",
                emails.stream().map(email -> email.toLowerCase(Locale.ROOT)).toArray());
        statement.setString(1, subjectKey);
        statement.setArray(2, lowerCased);
    }
}
