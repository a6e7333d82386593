package dev.heed.bench;

/**
 * {@code GET /api/v1/caller}: the same service, token check and HTTP stack as the consent check
 * but no work behind it, so its throughput is the ceiling any endpoint of the service can reach here.
 */
final class CallerScenario implements LoadScenario {

    private final ServiceClient client;

    CallerScenario(ServiceClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "ceiling";
    }

    @Override
    public String description() {
        return "GET /api/v1/caller (authenticated, no work)";
    }

    @Override
    public Worker newWorker() {
        return () -> client.get("/api/v1/caller").outcome();
    }
}
