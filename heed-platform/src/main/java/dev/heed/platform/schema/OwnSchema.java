package dev.heed.platform.schema;

import io.agroal.api.AgroalDataSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Migrates a library's own schema with its own Flyway history table inside that schema, so the
 * service's migrations (in its own schema) and the library's version independently.
 */
public final class OwnSchema {

    /** Observers that use a library schema at start run after this priority. */
    public static final int MIGRATED = 100;

    private static final Logger LOG = Logger.getLogger(OwnSchema.class);

    private OwnSchema() {
    }

    /**
     * Migrates {@code schema} from the SQL files listed, read from {@code location} on the class
     * path of {@code owner}. Listed rather than scanned: classpath scanning of a library jar
     * differs between Quarkus launch modes.
     */
    public static MigrateResult migrate(AgroalDataSource dataSource, Class<?> owner, String schema, String location,
            List<String> files) {
        ClassLoader loader = owner.getClassLoader();
        MigrateResult result = Flyway.configure(loader)
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table("flyway_schema_history")
                .resourceProvider(new ListedMigrations(loader, location, files))
                .javaMigrationClassProvider(List::of)
                .load()
                .migrate();
        LOG.infof("schema %s at version %s (%d migrations applied)", schema, result.targetSchemaVersion,
                result.migrationsExecuted);
        return result;
    }
}
