package dev.heed.bench;

import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code GET /api/v1/audit/entries/{index}/proof}: a random entry's inclusion proof against the
 * latest signed head, O(log n) subtree hashes read in one query; the read itself is logged as an
 * audit entry, as every audit query is.
 */
final class ProofScenario implements LoadScenario {

    private final ServiceClient audit;
    private final long signedEntries;

    ProofScenario(ServiceClient audit, long signedEntries) {
        this.audit = audit;
        this.signedEntries = signedEntries;
    }

    @Override
    public String name() {
        return "proof";
    }

    @Override
    public String description() {
        return "GET /api/v1/audit/entries/{random of " + signedEntries + "}/proof";
    }

    @Override
    public Worker newWorker() {
        return () -> audit.get("/api/v1/audit/entries/" + ThreadLocalRandom.current().nextLong(signedEntries) + "/proof")
                .outcome();
    }
}
