package dev.heed.audit.ingest;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The schemas are read once, at start: a schema missing from privacy-events stops the service. */
@Dependent
public class StoredRecordsProducer {

    @Produces
    @Singleton
    StoredRecords storedRecords() {
        return new StoredRecords(IdentityRedaction.fromSchemas());
    }
}
