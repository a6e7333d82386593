package dev.heed.platform.schema;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;

/** Migrates the platform's own schema (the outbox) at start, before any library schema that moves rows into it. */
@Singleton
public class PlatformSchema {

    public static final String SCHEMA = "heed_platform";

    private final AgroalDataSource dataSource;

    PlatformSchema(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void onStart(@Observes @Priority(OwnSchema.MIGRATED - 2) StartupEvent event) {
        OwnSchema.migrate(dataSource, PlatformSchema.class, SCHEMA, "db/heed-platform", List.of("V1__outbox.sql"));
    }
}
