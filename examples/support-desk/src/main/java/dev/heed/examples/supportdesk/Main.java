package dev.heed.examples.supportdesk;

import dev.heed.client.HttpExportUploader;
import dev.heed.client.SystemSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs the support desk until it is stopped (Ctrl-C or SIGTERM: the directive in progress is
 * finished and answered first). {@code --seed-demo-customers} opens tickets for the walkthrough's
 * demo customers, once, one of them from two years ago. {@code --count <customer id>} prints how
 * many tickets the desk holds for that customer and exits. Its topics come from its registration
 * in dsr-service; with {@code HEED_DSR_URL} and {@code HEED_SYSTEM_TOKEN} it announces itself
 * there at start-up and uploads exports with that token.
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
        SystemSettings settings = SystemSettings.fromEnvironment("support-desk");
        List<String> arguments = List.of(args);
        int count = arguments.indexOf("--count");
        if (count >= 0 && count + 1 < arguments.size()) {
            int tickets = new SupportDesk(settings.database(), settings.kafka(), settings.systemId(),
                    settings.subjectKeys()).ticketsOf(arguments.get(count + 1)).size();
            System.out.println(settings.systemId() + " holds " + tickets + " tickets of this customer");
            return;
        }
        HttpExportUploader uploader = settings.systemToken()
                .map(token -> HttpExportUploader.create().authorization(() -> "Bearer " + token))
                .orElseGet(HttpExportUploader::create);
        SupportDesk desk = new SupportDesk(settings.database(), settings.kafka(), settings.systemId(),
                settings.subjectKeys(), uploader);
        if (settings.dsrUrl().isPresent() && settings.systemToken().isPresent()) {
            String token = settings.systemToken().get();
            desk.announcingTo(settings.dsrUrl().get(), () -> token);
        }
        if (arguments.contains("--seed-demo-customers")) {
            DEMO_CUSTOMERS.forEach((customerId, email) -> {
                if (desk.ticketsOf(customerId).isEmpty()) {
                    desk.openTicket(customerId, email, "Where is my order?");
                    desk.openTicket(customerId, email, "Please change my delivery address.");
                    // Two years old: the demo's retention policy (one year) purges it.
                    desk.archivedTicket(customerId, email, "Is my warranty still valid?",
                            Instant.now().minus(Duration.ofDays(730)));
                }
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(desk::close, "support-desk-stop"));
        desk.start();
        System.out.println("support desk '" + settings.systemId() + "' answers directives; Ctrl-C stops it");
    }
}
