package dev.heed.examples.mailer;

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
import java.util.Set;
import javax.sql.DataSource;

/**
 * The mailer's own data: who is subscribed to what (by subject key, never by customer id) and
 * a log of every mail sent. Both hold personal data, so an erasure deletes from both.
 */
public final class SubscriberList {

    private static final List<String> CREATE = List.of("""
            create table if not exists subscriber (
              subject_key varchar(100) primary key,
              email varchar(320) not null,
              subscribed_to text[] not null,
              subscribed_at timestamp with time zone not null default now())""", """
            create table if not exists send_log (
              id bigserial primary key,
              subject_key varchar(100) not null,
              purpose_id varchar(100) not null,
              campaign varchar(200) not null,
              sent_at timestamp with time zone not null default now())""",
            "create index if not exists send_log_subject_key on send_log (subject_key)");

    /** The subject key of an anonymised send-log entry: it belongs to no one. */
    public static final String ANONYMISED = "anonymised";

    private final DataSource database;

    public SubscriberList(DataSource database) {
        this.database = database;
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            for (String create : CREATE) {
                statement.execute(create);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the mailer's tables", e);
        }
    }

    public DataSource database() {
        return database;
    }

    /** Adds the purposes to the subscriber's, creating the subscriber if new. */
    public void subscribe(String subjectKey, String email, Collection<String> purposes) {
        try (Connection connection = database.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        insert into subscriber (subject_key, email, subscribed_to) values (?, ?, ?)
                        on conflict (subject_key) do update set email = excluded.email,
                          subscribed_to = array(select distinct unnest(subscriber.subscribed_to || excluded.subscribed_to))""")) {
            upsert.setString(1, subjectKey);
            upsert.setString(2, email);
            upsert.setArray(3, connection.createArrayOf("text", purposes.toArray()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the subscriber", e);
        }
    }

    /** Everyone subscribed to the purpose. */
    public List<Subscriber> subscribedTo(String purposeId) {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement("select subject_key, email, subscribed_to"
                        + " from subscriber where ? = any(subscribed_to) order by subscribed_at, subject_key")) {
            select.setString(1, purposeId);
            List<Subscriber> subscribers = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    subscribers.add(new Subscriber(row.getString(1), row.getString(2),
                            Set.of((String[]) row.getArray(3).getArray())));
                }
            }
            return subscribers;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read subscribers", e);
        }
    }

    /** The subject's rows: its subscriber row (0 or 1) and its send log. */
    public int rowsOf(String subjectKey) {
        try (Connection connection = database.getConnection();
                PreparedStatement count = connection.prepareStatement("select (select count(*) from subscriber"
                        + " where subject_key = ?) + (select count(*) from send_log where subject_key = ?)")) {
            count.setString(1, subjectKey);
            count.setString(2, subjectKey);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the subject's rows", e);
        }
    }

    /** Records that a mail went out. */
    public void logSend(String subjectKey, String purposeId, String campaign) {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "insert into send_log (subject_key, purpose_id, campaign) values (?, ?, ?)")) {
            insert.setString(1, subjectKey);
            insert.setString(2, purposeId);
            insert.setString(3, campaign);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not log the send", e);
        }
    }

    /**
     * Takes the purpose off the subscriber's list, in the caller's transaction; 0 when they were
     * not subscribed to it (any more). The send log stays: it records what happened.
     */
    public int unsubscribe(Connection transaction, String subjectKey, String purposeId) throws SQLException {
        try (PreparedStatement update = transaction.prepareStatement("update subscriber"
                + " set subscribed_to = array_remove(subscribed_to, ?) where subject_key = ? and ? = any(subscribed_to)")) {
            update.setString(1, purposeId);
            update.setString(2, subjectKey);
            update.setString(3, purposeId);
            return update.executeUpdate();
        }
    }

    /**
     * Deletes the subscriber, matched by subject key or a verified e-mail address, and their send
     * log, in the caller's transaction; returns the rows deleted. Idempotent: 0 the second time.
     */
    public int erase(Connection transaction, String subjectKey, List<String> emails) throws SQLException {
        Array lowerCased = transaction.createArrayOf("text",
                emails.stream().map(email -> email.toLowerCase(Locale.ROOT)).toArray());
        int erased;
        try (PreparedStatement log = transaction.prepareStatement("delete from send_log where subject_key = ?"
                + " or subject_key in (select subject_key from subscriber where lower(email) = any(?))")) {
            log.setString(1, subjectKey);
            log.setArray(2, lowerCased);
            erased = log.executeUpdate();
        }
        try (PreparedStatement subscriber = transaction.prepareStatement(
                "delete from subscriber where subject_key = ? or lower(email) = any(?)")) {
            subscriber.setString(1, subjectKey);
            subscriber.setArray(2, lowerCased);
            erased += subscriber.executeUpdate();
        }
        return erased;
    }

    /**
     * Purges send-log entries written before the cutoff in the caller's transaction, except those of
     * held subjects: deleted, or anonymised (kept for campaign statistics, belonging to no one).
     * Subscriptions are not purged here: they last while the customer's consent does.
     */
    public int purgeSendLog(Connection transaction, Instant cutoff, boolean anonymise,
            Collection<String> heldSubjectKeys) throws SQLException {
        String due = " where sent_at < ? and subject_key <> all(?) and subject_key <> '" + ANONYMISED + "'";
        String sql = anonymise ? "update send_log set subject_key = '" + ANONYMISED + "'" + due
                : "delete from send_log" + due;
        try (PreparedStatement purge = transaction.prepareStatement(sql)) {
            purge.setTimestamp(1, Timestamp.from(cutoff));
            purge.setArray(2, transaction.createArrayOf("text", heldSubjectKeys.toArray()));
            return purge.executeUpdate();
        }
    }

    /**
     * Purges one subject's send-log entries for one purpose written before the cutoff, in the
     * caller's transaction: deleted, or anonymised.
     */
    public int purgeSendLogOf(Connection transaction, String subjectKey, String purposeId, Instant cutoff,
            boolean anonymise) throws SQLException {
        String due = " where subject_key = ? and purpose_id = ? and sent_at < ?";
        String sql = anonymise ? "update send_log set subject_key = '" + ANONYMISED + "'" + due
                : "delete from send_log" + due;
        try (PreparedStatement purge = transaction.prepareStatement(sql)) {
            purge.setString(1, subjectKey);
            purge.setString(2, purposeId);
            purge.setTimestamp(3, Timestamp.from(cutoff));
            return purge.executeUpdate();
        }
    }
}
