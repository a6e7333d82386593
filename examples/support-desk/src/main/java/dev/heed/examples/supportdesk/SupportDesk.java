package dev.heed.examples.supportdesk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.heed.client.DirectiveResult;
import dev.heed.client.Erasure;
import dev.heed.client.Export;
import dev.heed.client.ExportResult;
import dev.heed.client.ExportUploader;
import dev.heed.client.HttpExportUploader;
import dev.heed.client.JdbcAcknowledgementStore;
import dev.heed.client.PrivacyClient;
import dev.heed.client.Purge;
import dev.heed.client.SystemDescription;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.events.subject.SubjectKeys;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A support desk that takes part in Heed: when a customer is erased its tickets are deleted,
 * when a customer asks for their data their tickets are exported as JSON, and tickets past their
 * retention period are purged (held subjects' tickets stay).
 *
 * <pre>{@code
 * try (SupportDesk desk = new SupportDesk(dataSource, "kafka:9092", "support-desk", subjectKeys).start()) {
 *     desk.openTicket("customer-1001", "ada@example.com", "My parcel never arrived");
 *     ...
 * }
 * }</pre>
 */
public final class SupportDesk implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SupportDesk.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final TicketArchive tickets;
    private final Map<String, String> kafka;
    private final String systemId;
    private final SubjectKeys subjectKeys;
    private final ExportUploader uploader;
    private URI dsrUrl;
    private Supplier<String> systemToken;
    private PrivacyClient privacy;

    /** A desk whose exports are PUT to the URL each export directive names. */
    public SupportDesk(DataSource database, String bootstrapServers, String systemId, SubjectKeys subjectKeys) {
        this(database, bootstrapServers, systemId, subjectKeys, HttpExportUploader.create());
    }

    /** A desk on a secured cluster: see {@link #SupportDesk(DataSource, Map, String, SubjectKeys, ExportUploader)}. */
    public SupportDesk(DataSource database, Map<String, String> kafka, String systemId, SubjectKeys subjectKeys) {
        this(database, kafka, systemId, subjectKeys, HttpExportUploader.create());
    }

    public SupportDesk(DataSource database, String bootstrapServers, String systemId, SubjectKeys subjectKeys,
            ExportUploader uploader) {
        this(database, Map.of("bootstrap.servers", Objects.requireNonNull(bootstrapServers, "bootstrapServers")),
                systemId, subjectKeys, uploader);
    }

    /**
     * @param kafka Kafka client settings: {@code bootstrap.servers} and, on a secured cluster, the
     *              desk's own credentials ({@code security.protocol}, {@code sasl.*}, {@code ssl.*})
     */
    public SupportDesk(DataSource database, Map<String, String> kafka, String systemId, SubjectKeys subjectKeys,
            ExportUploader uploader) {
        this.tickets = new TicketArchive(database);
        this.kafka = Map.copyOf(kafka);
        this.systemId = Objects.requireNonNull(systemId, "systemId");
        this.subjectKeys = Objects.requireNonNull(subjectKeys, "subjectKeys");
        this.uploader = Objects.requireNonNull(uploader, "uploader");
    }

    /** Before {@link #start()}: the desk announces itself to dsr-service at start-up with its own token. */
    public synchronized SupportDesk announcingTo(URI dsrBaseUrl, Supplier<String> token) {
        this.dsrUrl = Objects.requireNonNull(dsrBaseUrl, "dsrBaseUrl");
        this.systemToken = Objects.requireNonNull(token, "token");
        return this;
    }

    /** Starts answering the directives on the desk's own topic. */
    public synchronized SupportDesk start() {
        if (privacy == null) {
            PrivacyClient.Builder client = PrivacyClient.forSystem(systemId);
            kafka.forEach(client::kafkaProperty);
            client
                    // Answers live next to the tickets: a re-sent directive is answered from here.
                    .acknowledgements(new JdbcAcknowledgementStore(tickets.database()))
                    // The two-argument form: the deletion and the stored answer commit together.
                    .onErase(this::erase)
                    .onExport(this::export)
                    .onPurge(this::purge)
                    .exportUploader(uploader);
            if (dsrUrl != null) {
                client.describedAs(new SystemDescription("Support desk", "support", Set.of("support"),
                        Set.of("customer-support"))).announceTo(dsrUrl, systemToken);
            }
            privacy = client.start();
        }
        return this;
    }

    public String systemId() {
        return systemId;
    }

    public TicketArchive tickets() {
        return tickets;
    }

    /**
     * A customer writes in. The desk knows its customers by id, but stores only the subject key:
     * the same key every Heed directive about that customer carries.
     */
    public Ticket openTicket(String customerId, String customerEmail, String body) {
        return tickets.open(subjectKeys.keyOf(customerId), customerEmail, body, null);
    }

    /** A ticket from the desk's history, opened at {@code openedAt} (retention counts from then). */
    public Ticket archivedTicket(String customerId, String customerEmail, String body, Instant openedAt) {
        return tickets.open(subjectKeys.keyOf(customerId), customerEmail, body, openedAt);
    }

    /** Every ticket of one customer, as the desk's agents see them. */
    public List<Ticket> ticketsOf(String customerId) {
        return tickets.ticketsOf(subjectKeys.keyOf(customerId), List.of());
    }

    private DirectiveResult erase(Erasure erasure, Connection transaction) throws SQLException {
        int erased = tickets.erase(transaction, erasure.subjectKey(), emails(erasure.identities()));
        // The view's toString names the directive only; counts are not personal data.
        LOG.log(Level.INFO, () -> erasure + ": " + erased + " tickets erased");
        return erased == 0 ? DirectiveResult.notApplicable("no tickets for this subject")
                : DirectiveResult.done(erased);
    }

    /**
     * A ticket's retention clock starts when it is opened, which is also its last activity: the desk
     * tracks nothing else, so it refuses a rule it cannot follow rather than guess.
     */
    private DirectiveResult purge(Purge purge, Connection transaction) throws SQLException {
        if (purge.subjectLevel()) {
            // Tickets serve the support contract, never a consented purpose: nothing is kept only for it.
            return DirectiveResult.notApplicable("tickets are not kept for a consented purpose");
        }
        RetentionAnchor anchor = purge.anchor().orElse(RetentionAnchor.COLLECTED);
        if (anchor != RetentionAnchor.COLLECTED && anchor != RetentionAnchor.LAST_ACTIVITY) {
            return DirectiveResult.failed("the support desk records when a ticket was opened, not " + anchor);
        }
        Optional<Instant> cutoff = purge.cutoff();
        if (cutoff.isEmpty()) {
            return DirectiveResult.failed("the purge names no cutoff");
        }
        Set<String> held = new HashSet<>(purge.heldSubjectKeys());
        purge.heldCustomerIds().forEach(customerId -> held.add(subjectKeys.keyOf(customerId)));
        int purged = tickets.purge(transaction, cutoff.get(), purge.action() == RetentionAction.ANONYMISE, held);
        LOG.log(Level.INFO, () -> purge + ": " + purged + " tickets purged");
        return purged == 0 ? DirectiveResult.notApplicable("no tickets past retention")
                : DirectiveResult.done(purged);
    }

    private ExportResult export(Export export) throws JsonProcessingException {
        List<Ticket> found = tickets.ticketsOf(export.subjectKey(), emails(export.identities()));
        if (found.isEmpty()) {
            return ExportResult.notApplicable("no tickets for this subject");
        }
        if (export.uploadUrl().isEmpty()) {
            // Nowhere to put the data: say so rather than pretend. The reason reaches the operator.
            return ExportResult.failed("the export directive names no uploadUrl, so the "
                    + found.size() + " tickets could not be delivered");
        }
        byte[] data = JSON.writeValueAsBytes(new TicketExport(systemId, export.subjectKey(), Instant.now(),
                found.stream().map(ExportedTicket::of).toList()));
        LOG.log(Level.INFO, () -> export + ": " + found.size() + " tickets exported");
        return ExportResult.exported(data, "application/json", found.size());
    }

    private static List<String> emails(Map<String, List<String>> identities) {
        return identities.getOrDefault("email", List.of());
    }

    /** What the customer receives: their tickets, without the desk's internals. */
    public record TicketExport(String system, String subjectKey, Instant exportedAt, List<ExportedTicket> tickets) {
    }

    public record ExportedTicket(long id, String customerEmail, String body, Instant createdAt) {
        static ExportedTicket of(Ticket ticket) {
            return new ExportedTicket(ticket.id(), ticket.customerEmail(), ticket.body(), ticket.createdAt());
        }
    }

    /** Finishes the directive in progress, answers it, then stops. */
    @Override
    public synchronized void close() {
        if (privacy != null) {
            privacy.close();
            privacy = null;
        }
    }
}
