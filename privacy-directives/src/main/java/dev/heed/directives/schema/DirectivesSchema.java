package dev.heed.directives.schema;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Migrates the library's own schema at start, before anything reads it. It has its own
 * Flyway history table inside that schema, so the service's migrations (in its own schema)
 * and these version independently.
 */
@Singleton
public class DirectivesSchema {

    public static final String SCHEMA = "heed_directives";
    /** Observers that use the schema at start run after this priority. */
    public static final int MIGRATED = 100;

    static final String LOCATION = "db/heed-directives";
    /** Listed rather than scanned: classpath scanning of a library jar differs between Quarkus launch modes. */
    static final List<String> MIGRATIONS = List.of("V1__directives.sql", "V2__outbox_tombstones.sql",
            "V3__manual_completion.sql");

    private static final Logger LOG = Logger.getLogger(DirectivesSchema.class);

    private final AgroalDataSource dataSource;

    DirectivesSchema(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(MIGRATED - 1) StartupEvent event) {
        migrate();
    }

    public MigrateResult migrate() {
        ClassLoader loader = DirectivesSchema.class.getClassLoader();
        MigrateResult result = Flyway.configure(loader)
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .resourceProvider(new ListedMigrations(loader, LOCATION, MIGRATIONS))
                .javaMigrationClassProvider(List::of)
                .load()
                .migrate();
        LOG.infof("schema %s at version %s (%d migrations applied)", SCHEMA, result.targetSchemaVersion,
                result.migrationsExecuted);
        return result;
    }
}
