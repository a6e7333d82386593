package dev.heed.examples.mailer;

import dev.heed.client.DirectiveResult;
import dev.heed.client.Erasure;
import dev.heed.client.JdbcAcknowledgementStore;
import dev.heed.client.LocalConsentView;
import dev.heed.client.PrivacyClient;
import dev.heed.client.SystemDescription;
import dev.heed.client.ProcessingStop;
import dev.heed.client.Purge;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.events.subject.SubjectKeys;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
 * A marketing mailer that takes part in Heed: before every mail it checks the customer's consent
 * locally (no network call per mail), a stop-processing directive unsubscribes the customer from
 * that purpose, an erasure deletes the subscriber and their send log, and a purge removes send-log
 * entries past their retention period (held subjects' entries stay).
 *
 * <pre>{@code
 * try (MarketingMailer mailer = new MarketingMailer(dataSource, "kafka:9092", "marketing-mailer", subjectKeys).start()) {
 *     mailer.subscribe("customer-1001", "ada@example.com", Set.of("newsletter"));
 *     mailer.sendCampaign("newsletter", "spring-sale");
 * }
 * }</pre>
 */
public final class MarketingMailer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MarketingMailer.class.getName());
    private static final Duration CONSENT_CATCH_UP = Duration.ofMinutes(2);

    private final SubscriberList subscribers;
    private final Map<String, String> kafka;
    private final String systemId;
    private final SubjectKeys subjectKeys;
    private URI dsrUrl;
    private Supplier<String> systemToken;
    private LocalConsentView consent;
    private PrivacyClient privacy;

    public MarketingMailer(DataSource database, String bootstrapServers, String systemId, SubjectKeys subjectKeys) {
        this(database, Map.of("bootstrap.servers", Objects.requireNonNull(bootstrapServers, "bootstrapServers")),
                systemId, subjectKeys);
    }

    /**
     * @param kafka Kafka client settings: {@code bootstrap.servers} and, on a secured cluster, the
     *              mailer's own credentials ({@code security.protocol}, {@code sasl.*}, {@code ssl.*})
     */
    public MarketingMailer(DataSource database, Map<String, String> kafka, String systemId, SubjectKeys subjectKeys) {
        this.subscribers = new SubscriberList(database);
        this.kafka = Map.copyOf(kafka);
        this.systemId = Objects.requireNonNull(systemId, "systemId");
        this.subjectKeys = Objects.requireNonNull(subjectKeys, "subjectKeys");
    }

    /** Before {@link #start()}: the mailer announces itself to dsr-service at start-up with its own token. */
    public synchronized MarketingMailer announcingTo(URI dsrBaseUrl, Supplier<String> token) {
        this.dsrUrl = Objects.requireNonNull(dsrBaseUrl, "dsrBaseUrl");
        this.systemToken = Objects.requireNonNull(token, "token");
        return this;
    }

    /**
     * Reads the consent state until it has caught up (a mailer must not send on half the data),
     * then starts answering the directives on the mailer's own topic.
     */
    public synchronized MarketingMailer start() throws InterruptedException {
        if (privacy != null) {
            return this;
        }
        LocalConsentView.Builder view = LocalConsentView.connect(kafka.get("bootstrap.servers"));
        kafka.forEach(view::kafkaProperty);
        consent = view.start();
        if (!consent.awaitReady(CONSENT_CATCH_UP)) {
            consent.close();
            throw new IllegalStateException("the consent view did not catch up within " + CONSENT_CATCH_UP);
        }
        PrivacyClient.Builder client = PrivacyClient.forSystem(systemId);
        kafka.forEach(client::kafkaProperty);
        client.acknowledgements(new JdbcAcknowledgementStore(subscribers.database()))
                // Transactional handlers: the change and the stored answer commit together.
                .onErase(this::erase)
                .onStopProcessing(this::stopProcessing)
                .onPurge(this::purge);
        if (dsrUrl != null) {
            client.describedAs(new SystemDescription("Marketing mailer", "growth", Set.of("contact"),
                    Set.of("marketing", "newsletter"))).announceTo(dsrUrl, systemToken);
        }
        privacy = client.start();
        return this;
    }

    public String systemId() {
        return systemId;
    }

    public SubscriberList subscribers() {
        return subscribers;
    }

    /** A customer signs up; stored under their subject key, never their customer id. */
    public void subscribe(String customerId, String email, Set<String> purposes) {
        subscribers.subscribe(subjectKeys.keyOf(customerId), email, purposes);
    }

    /** How many rows (subscriber and send log) the mailer holds for one of its customers. */
    public int rowsOf(String customerId) {
        return subscribers.rowsOf(subjectKeys.keyOf(customerId));
    }

    /** Whether the subject may be mailed for the purpose right now: a current grant, checked locally. */
    public boolean mayMail(String subjectKey, String purposeId) {
        return consent.isAllowed(subjectKey, purposeId);
    }

    /** What a campaign did: mails sent, and subscribers skipped because they have not consented (now). */
    public record CampaignReport(int sent, int withoutConsent) {
    }

    /**
     * Mails everyone subscribed to the purpose who consents to it right now. Subscribers who
     * stopped the purpose are off the list already; consent is checked per mail, because it can
     * be withdrawn or expire at any moment.
     */
    public CampaignReport sendCampaign(String purposeId, String campaign) {
        int sent = 0;
        int withoutConsent = 0;
        for (Subscriber subscriber : subscribers.subscribedTo(purposeId)) {
            if (!mayMail(subscriber.subjectKey(), purposeId)) {
                withoutConsent++;
                continue;
            }
            // A real mailer hands the mail to its SMTP relay here.
            subscribers.logSend(subscriber.subjectKey(), purposeId, campaign);
            sent++;
        }
        int mailed = sent;
        int skipped = withoutConsent;
        LOG.log(Level.INFO, () -> "campaign " + campaign + " for " + purposeId + ": " + mailed + " sent, " + skipped
                + " without consent");
        return new CampaignReport(sent, withoutConsent);
    }

    private DirectiveResult stopProcessing(ProcessingStop stop, Connection transaction) throws SQLException {
        int unsubscribed = subscribers.unsubscribe(transaction, stop.subjectKey(), stop.purposeId());
        LOG.log(Level.INFO, () -> stop + ": " + unsubscribed + " subscriptions ended");
        return unsubscribed == 0 ? DirectiveResult.notApplicable("not subscribed to this purpose")
                : DirectiveResult.done(unsubscribed);
    }

    /** A send-log entry's clock starts when the mail was sent, its only activity. */
    private DirectiveResult purge(Purge purge, Connection transaction) throws SQLException {
        if (purge.subjectLevel()) {
            return purgeSubject(purge, transaction);
        }
        RetentionAnchor anchor = purge.anchor().orElse(RetentionAnchor.COLLECTED);
        if (anchor != RetentionAnchor.COLLECTED && anchor != RetentionAnchor.LAST_ACTIVITY) {
            return DirectiveResult.failed("the mailer records when a mail was sent, not " + anchor);
        }
        Optional<Instant> cutoff = purge.cutoff();
        if (cutoff.isEmpty()) {
            return DirectiveResult.failed("the purge names no cutoff");
        }
        Set<String> held = new HashSet<>(purge.heldSubjectKeys());
        purge.heldCustomerIds().forEach(customerId -> held.add(subjectKeys.keyOf(customerId)));
        int purged = subscribers.purgeSendLog(transaction, cutoff.get(),
                purge.action() == RetentionAction.ANONYMISE, held);
        LOG.log(Level.INFO, () -> purge + ": " + purged + " send-log entries purged");
        return purged == 0 ? DirectiveResult.notApplicable("no send-log entries past retention")
                : DirectiveResult.done(purged);
    }

    /** The subject's consent for the purpose ended: the mails sent for that purpose before then go. */
    private DirectiveResult purgeSubject(Purge purge, Connection transaction) throws SQLException {
        Optional<String> purposeId = purge.purposeId();
        Optional<Instant> cutoff = purge.cutoff();
        if (purposeId.isEmpty() || cutoff.isEmpty()) {
            return DirectiveResult.failed("a subject-level purge names its purpose and cutoff");
        }
        int purged = subscribers.purgeSendLogOf(transaction, purge.subjectKey(), purposeId.get(), cutoff.get(),
                purge.action() == RetentionAction.ANONYMISE);
        LOG.log(Level.INFO, () -> purge + ": " + purged + " send-log entries of the subject purged");
        return purged == 0 ? DirectiveResult.notApplicable("no send-log entries of this subject for the purpose")
                : DirectiveResult.done(purged);
    }

    private DirectiveResult erase(Erasure erasure, Connection transaction) throws SQLException {
        List<String> emails = erasure.identities().getOrDefault("email", List.of());
        int erased = subscribers.erase(transaction, erasure.subjectKey(), emails);
        LOG.log(Level.INFO, () -> erasure + ": " + erased + " rows erased");
        return erased == 0 ? DirectiveResult.notApplicable("no subscriber for this subject")
                : DirectiveResult.done(erased);
    }

    /** Finishes the directive in progress, answers it, then stops reading directives and consent. */
    @Override
    public synchronized void close() {
        if (privacy != null) {
            privacy.close();
            privacy = null;
        }
        if (consent != null) {
            consent.close();
            consent = null;
        }
    }
}
