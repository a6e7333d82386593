package dev.heed.dsr.request;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import dev.heed.testkit.HeedInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * An installation upgraded across dsr-service's V13 and the directive library's V5 keeps every
 * export hash and manual completion its tasks held: dsr's own Flyway runs first at start (V13
 * copies them into {@code task_answer}), then the library's schema (V5 drops the columns).
 */
class TaskAnswerMigrationTest {

    private static final String DATABASE = "dsr_task_answer_migration";

    @Test
    void existingAnswersMoveIntoDsrsOwnTableBeforeTheLibraryDropsItsColumns() throws SQLException {
        HeedInfra infra = HeedInfra.get();
        String url = infra.jdbcUrl(DATABASE);
        try (Connection c = DriverManager.getConnection(url, infra.username(), infra.password());
                Statement sql = c.createStatement()) {
            sql.execute("drop schema if exists heed_directives cascade; drop schema if exists heed_platform cascade;"
                    + " drop schema public cascade; create schema public");
        }
        // What an installation had before: every schema at its previous version.
        flyway(url, "heed_platform", "db/heed-platform", null).migrate();
        flyway(url, "heed_directives", "db/heed-directives", "4").migrate();
        flyway(url, null, "db/migration", "12").migrate();

        UUID directive = UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(url, infra.username(), infra.password());
                Statement sql = c.createStatement()) {
            sql.execute("insert into heed_directives.directive (id, kind, issuer, data_categories, reference, state,"
                    + " issued_at, deadline, recipient_count) values ('" + directive + "', 'EXPORT', 'dsr-service',"
                    + " '[]', 'r-1', 'COMPLETED', now(), now(), 3)");
            task(sql, directive, "warehouse", "'https://dsr/api/v1/exports/x/parts'", "'" + "ab".repeat(32) + "'",
                    "null", "null");
            task(sql, directive, "archive", "null", "null", "'operator-7'", "'erased by hand, ticket OPS-812'");
            task(sql, directive, "crm", "null", "null", "null", "null");
        }

        // The upgrade, in the order a service starts: its own migrations, then the library's.
        flyway(url, null, "db/migration", null).migrate();
        flyway(url, "heed_directives", "db/heed-directives", null).migrate();

        try (Connection c = DriverManager.getConnection(url, infra.username(), infra.password());
                Statement sql = c.createStatement()) {
            assertThat(rows(sql, "select system_id, export_reference, export_sha256, completed_by, completion_note"
                    + " from task_answer where directive_id = '" + directive + "' order by system_id"), contains(
                    "archive|null|null|operator-7|erased by hand, ticket OPS-812",
                    "warehouse|https://dsr/api/v1/exports/x/parts|" + "ab".repeat(32) + "|null|null"));
            assertThat(rows(sql, "select column_name from information_schema.columns where table_schema ="
                    + " 'heed_directives' and table_name = 'directive_task' and column_name in ('export_reference',"
                    + " 'export_sha256', 'completed_by', 'completion_note')"), empty());
            assertThat(rows(sql, "select count(*) from heed_directives.directive_task"), contains("3"));
        }
    }

    private static void task(Statement sql, UUID directive, String system, String reference, String sha256,
            String by, String note) throws SQLException {
        sql.execute("insert into heed_directives.directive_task (id, directive_id, system_id, system_snapshot, topic,"
                + " state, deadline, queued_count, last_queued_at, export_reference, export_sha256, completed_by,"
                + " completion_note) values ('" + UUID.randomUUID() + "', '" + directive + "', '" + system + "', '{}',"
                + " 'privacy.directives." + system + ".v1', 'DONE', now(), 1, now(), " + reference + ", " + sha256
                + ", " + by + ", " + note + ")");
    }

    private static List<String> rows(Statement sql, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = sql.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : "|").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Flyway flyway(String url, String schema, String location, String target) {
        HeedInfra infra = HeedInfra.get();
        FluentConfiguration config = Flyway.configure().dataSource(url, infra.username(), infra.password())
                .locations("classpath:" + location);
        if (schema != null) {
            config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        if (target != null) {
            config = config.target(target);
        }
        return config.load();
    }
}
