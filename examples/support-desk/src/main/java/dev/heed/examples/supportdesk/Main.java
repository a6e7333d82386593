package dev.heed.examples.supportdesk;

import dev.heed.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Runs the support desk until it is stopped (Ctrl-C or SIGTERM: the directive in progress is
 * finished and answered first). {@code --seed-demo-customers} opens tickets for the walkthrough's
 * demo customers, once. {@code --count <customer id>} prints how many tickets the desk holds for
 * that customer and exits.
 */
public final class Main {

    /** The README's demo customers: customer id, e-mail address. */
    static final Map<String, String> DEMO_CUSTOMERS = Map.of(
            "customer-1001", "ada@example.com",
            "customer-1002", "grace@example.com",
            "customer-1003", "alan@example.com");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        List<String> arguments = List.of(args);
        int count = arguments.indexOf("--count");
        if (count >= 0 && count + 1 < arguments.size()) {
            int tickets = new SupportDesk(settings.database(), settings.bootstrapServers(), settings.systemId(),
                    settings.subjectKeys()).ticketsOf(arguments.get(count + 1)).size();
            System.out.println(settings.systemId() + " holds " + tickets + " tickets of this customer");
            return;
        }
        onboard(settings);
        SupportDesk desk = new SupportDesk(settings.database(), settings.bootstrapServers(), settings.systemId(),
                settings.subjectKeys());
        if (arguments.contains("--seed-demo-customers")) {
            DEMO_CUSTOMERS.forEach((customerId, email) -> {
                if (desk.ticketsOf(customerId).isEmpty()) {
                    desk.openTicket(customerId, email, "Where is my order?");
                    desk.openTicket(customerId, email, "Please change my delivery address.");
                }
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(desk::close, "support-desk-stop"));
        desk.start();
        System.out.println("support desk '" + settings.systemId() + "' answers directives; Ctrl-C stops it");
    }

    /**
     * In production, onboarding the system creates its two topics (and its Kafka user with ACLs
     * for them). Nobody does that on a local stack, so the desk creates whichever is missing.
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
