package dev.heed.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /api/v1/subjects/{customerId}/consents/{purposeId}} of random pairs of the population. */
final class ConsentCheckScenario implements LoadScenario {

    private static final Pattern ANSWERED_FROM = Pattern.compile("\"answeredFrom\"\\s*:\\s*\"(\\w+)\"");

    private final ServiceClient client;
    private final CheckPopulation population;

    ConsentCheckScenario(ServiceClient client, CheckPopulation population) {
        this.client = client;
        this.population = population;
    }

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String description() {
        return "GET /api/v1/subjects/{customerId}/consents/{purposeId}, random pair of " + population.size()
                + " customers x " + population.purposes().size() + " purposes";
    }

    @Override
    public Worker newWorker() {
        return () -> {
            ServiceClient.Response response = client.get("/api/v1/subjects/" + population.randomCustomer()
                    + "/consents/" + population.randomPurpose());
            if (!response.ok()) {
                return response.outcome();
            }
            Matcher source = ANSWERED_FROM.matcher(response.body());
            return source.find() ? Outcome.ok(source.group(1)) : Outcome.failed("no answeredFrom");
        };
    }
}
