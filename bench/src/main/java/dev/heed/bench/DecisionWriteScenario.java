package dev.heed.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /api/v1/consents}: each call a grant for a new synthetic customer, so each writes a
 * ledger row, a signed receipt and two outbox rows (event and state) in one transaction.
 */
final class DecisionWriteScenario implements LoadScenario {

    private final ServiceClient client;
    private final String runId;
    private final String purpose;
    private final AtomicLong customers = new AtomicLong();

    DecisionWriteScenario(ServiceClient client, String runId, String purpose) {
        this.client = client;
        this.runId = runId;
        this.purpose = purpose;
    }

    @Override
    public String name() {
        return "write";
    }

    @Override
    public String description() {
        return "POST /api/v1/consents, a GRANTED decision for a new customer each";
    }

    @Override
    public Worker newWorker() {
        return () -> client.post("/api/v1/consents",
                CheckPopulation.decisionJson(runId + "-w" + customers.incrementAndGet(), purpose, "GRANTED")).outcome();
    }
}
