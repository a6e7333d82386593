package dev.heed.examples.mailer;

import dev.heed.client.SystemSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the mailer until it is stopped (Ctrl-C or SIGTERM: the directive in progress is finished
 * and answered first). {@code --seed-demo-customers} subscribes the walkthrough's demo customers;
 * {@code --campaign <purpose>} sends one campaign for a purpose, prints what it did and exits;
 * {@code --count <customer id>} prints how many rows the mailer holds for that customer and exits.
 * Its topics come from its registration in dsr-service; with {@code HEED_DSR_URL} and
 * {@code HEED_SYSTEM_TOKEN} it announces itself there at start-up.
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
        SystemSettings settings = SystemSettings.fromEnvironment("marketing-mailer");
        List<String> arguments = List.of(args);
        int count = arguments.indexOf("--count");
        if (count >= 0 && count + 1 < arguments.size()) {
            int rows = new MarketingMailer(settings.database(), settings.kafka(), settings.systemId(),
                    settings.subjectKeys()).rowsOf(arguments.get(count + 1));
            System.out.println(settings.systemId() + " holds " + rows + (rows == 1 ? " row" : " rows")
                    + " of this customer (subscriber and send log)");
            return;
        }
        MarketingMailer mailer = new MarketingMailer(settings.database(), settings.kafka(),
                settings.systemId(), settings.subjectKeys());
        if (settings.dsrUrl().isPresent() && settings.systemToken().isPresent()) {
            String token = settings.systemToken().get();
            mailer.announcingTo(settings.dsrUrl().get(), () -> token);
        }
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
}
