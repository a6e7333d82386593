package dev.heed.directives;

import dev.heed.platform.schema.OwnSchema;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/** Migrates the directive library's own schema at start, after the platform's, before anything reads it. */
@Singleton
class DirectivesSchema {

    public static final String SCHEMA = "heed_directives";

    static final List<String> MIGRATIONS = List.of("V1__directives.sql", "V2__outbox_tombstones.sql",
            "V3__manual_completion.sql", "V4__outbox_moved_to_platform.sql",
            "V5__issuer_columns_moved_out.sql");

    private final AgroalDataSource dataSource;

    DirectivesSchema(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(OwnSchema.MIGRATED - 1) StartupEvent event) {
        OwnSchema.migrate(dataSource, DirectivesSchema.class, SCHEMA, "db/heed-directives", MIGRATIONS);
    }
}
