package dev.heed.examples.mailer;

import dev.heed.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Runs the mailer until it is stopped (Ctrl-C or SIGTERM: the directive in progress is finished
 * and answered first). {@code --seed-demo-customers} subscribes the walkthrough's demo customers;
 * {@code --campaign <purpose>} sends one campaign for a purpose, prints what it did and exits;
 * {@code --count <customer id>} prints how many rows the mailer holds for that customer and exits.
 */
public final class Main {

    /** The README's demo customers: customer id, e-mail address. */
    static final Map<String, String> DEMO_CUSTOMERS = Map.of(
            "customer-1001", "ada@example.com",
            "customer-1002", "grace@example.com",
            "customer-1003", "alan@example.com");
    static final Set<String> DEMO_PURPOSES = Set.of("marketing", "newsletter");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        List<String> arguments = List.of(args);
        int count = arguments.indexOf("--count");
        if (count >= 0 && count + 1 < arguments.size()) {
            int rows = new MarketingMailer(settings.database(), settings.bootstrapServers(), settings.systemId(),
                    settings.subjectKeys()).rowsOf(arguments.get(count + 1));
            System.out.println(settings.systemId() + " holds " + rows + (rows == 1 ? " row" : " rows")
                    + " of this customer (subscriber and send log)");
            return;
        }
        onboard(settings);
        MarketingMailer mailer = new MarketingMailer(settings.database(), settings.bootstrapServers(),
                settings.systemId(), settings.subjectKeys());
        if (arguments.contains("--seed-demo-customers")) {
            DEMO_CUSTOMERS.forEach((customerId, email) -> mailer.subscribe(customerId, email, DEMO_PURPOSES));
        }
        int campaign = arguments.indexOf("--campaign");
        if (campaign >= 0 && campaign + 1 < arguments.size()) {
            try (MarketingMailer once = mailer.start()) {
                System.out.println(once.sendCampaign(arguments.get(campaign + 1), "demo-campaign"));
            }
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(mailer::close, "mailer-stop"));
        mailer.start();
        System.out.println("marketing mailer '" + settings.systemId() + "' answers directives; Ctrl-C stops it");
    }

    /**
     * In production, onboarding the system creates its two topics (and its Kafka user with ACLs
     * for them). Nobody does that on a local stack, so the mailer creates whichever is missing.
     */
    private static void onboard(Settings settings) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(Topics.directives(settings.systemId()), Topics.acks(settings.systemId()))
                    .stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, 3, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        }
    }
}
