package dev.heed.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The synthetic subjects and purposes the check scenario asks about, recorded through the API
 * before the run. Customer i decides on one of the two purposes: a grant, and for every fourth
 * customer a withdrawal after it. So a random pair is granted, withdrawn, or without a decision.
 */
final class CheckPopulation {

    private final List<String> customers;
    private final List<String> purposes;

    private CheckPopulation(List<String> customers, List<String> purposes) {
        this.customers = customers;
        this.purposes = purposes;
    }

    static CheckPopulation seed(ServiceClient client, String runId, int size, int concurrency) throws Exception {
        List<String> purposes = List.of(runId + "-email", runId + "-profiling");
        for (String purpose : purposes) {
            expectOk("publish purpose " + purpose, client.post("/api/v1/purposes", purposeJson(purpose)));
        }
        List<String> customers = new ArrayList<>(size);
        List<Callable<Void>> decisions = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String customer = runId + "-c" + i;
            String purpose = purposes.get(i % purposes.size());
            boolean withdraws = i % 4 == 3;
            customers.add(customer);
            decisions.add(() -> {
                expectOk("grant", client.post("/api/v1/consents", decisionJson(customer, purpose, "GRANTED")));
                if (withdraws) {
                    expectOk("withdrawal", client.post("/api/v1/consents", decisionJson(customer, purpose, "WITHDRAWN")));
                }
                return null;
            });
        }
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            for (Future<Void> done : threads.invokeAll(decisions)) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }
        return new CheckPopulation(List.copyOf(customers), purposes);
    }

    int size() {
        return customers.size();
    }

    List<String> purposes() {
        return purposes;
    }

    String randomCustomer() {
        return customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
    }

    String randomPurpose() {
        return purposes.get(ThreadLocalRandom.current().nextInt(purposes.size()));
    }

    static String decisionJson(String customer, String purpose, String decision) {
        return """
                {"customerId":"%s","purposeId":"%s","decision":"%s","channel":"WEB","collectorId":"heed-bench"}"""
                .formatted(customer, purpose, decision);
    }

    private static String purposeJson(String purpose) {
        return """
                {"purposeId":"%s","name":"Benchmark purpose","description":"Synthetic purpose of a benchmark run.",\
                "legalBasis":"CONSENT","dataCategories":["contact"]}""".formatted(purpose);
    }

    private static void expectOk(String what, ServiceClient.Response response) {
        if (!response.ok()) {
            throw new IllegalStateException("seeding the population failed: " + what + " answered HTTP " + response.status());
        }
    }
}
