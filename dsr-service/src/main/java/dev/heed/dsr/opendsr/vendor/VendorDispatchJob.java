package dev.heed.dsr.opendsr.vendor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.directives.Acknowledgements;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.opendsr.signature.SignatureVerifier.SignatureRejected;
import dev.heed.dsr.opendsr.vendor.OpenDsrRequestBody.Identity;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader-only: sends the pending tasks of vendors reached by OpenDSR as OpenDSR create requests,
 * retries an unreachable vendor with backoff, and asks an accepted request's status when no callback
 * came. The tasks are read from the database (the directive was stored and published like any other),
 * so dsr-service needs no access to the vendors' Kafka topics. A vendor that never answers is like any
 * silent system: its task goes overdue and the request ends partially completed naming it.
 */
@ApplicationScoped
public class VendorDispatchJob extends LeaderJob<Integer> {

    public static final String NAME = "opendsr-vendor-dispatch";
    static final String NO_IDENTITY = "the directive carries no identity OpenDSR can express (its section 5)";
    /** OpenDSR's identity types (section 5.1); a directive names them as kinds, hashed ones as {@code <type>:<format>}. */
    private static final Set<String> IDENTITY_TYPES = Set.of("controller_customer_id", "android_advertising_id",
            "android_id", "email", "fire_advertising_id", "ios_advertising_id", "ios_vendor_id",
            "microsoft_advertising_id", "microsoft_publisher_id", "roku_publisher_id", "roku_advertising_id");
    private static final Set<String> HASH_FORMATS = Set.of("sha1", "md5", "sha256");
    private static final Logger LOG = Logger.getLogger(VendorDispatchJob.class);

    private static final String DUE = """
            select t.id as task_id, t.directive_id, t.system_id, t.event_payload, s.opendsr_base_url,
                   r.request_type, r.regulation, r.received_at, d.kind, v.state as vendor_state
              from heed_directives.directive_task t
              join registered_system s on s.system_id = t.system_id and s.transport = 'OPENDSR'
              join heed_directives.directive d on d.id = t.directive_id
              join subject_request r on r.id::text = d.reference
              left join opendsr_vendor_request v on v.task_id = t.id
             where t.state = 'PENDING' and t.event_payload is not null
               and (v.task_id is null or (v.state in ('SENDING', 'ACCEPTED') and v.next_attempt_at <= $1))
             order by coalesce(v.next_attempt_at, t.last_queued_at)
             limit $2""";

    private final Pool database;
    private final VendorHttp http;
    private final VendorCertificates certificates;
    private final VendorAnswers answers;
    private final Acknowledgements acknowledgements;
    private final OpenDsrVendorConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final String publicUrl;

    VendorDispatchJob(Leadership leadership, Pool database, VendorHttp http, VendorCertificates certificates,
            VendorAnswers answers, Acknowledgements acknowledgements, OpenDsrVendorConfig config, ObjectMapper json,
            Clock clock, @ConfigProperty(name = "heed.dsr.public-url") String publicUrl) {
        super(NAME, leadership);
        this.database = database;
        this.http = http;
        this.certificates = certificates;
        this.answers = answers;
        this.acknowledgements = acknowledgements;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.opendsr.vendors.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Where a vendor calls back for a system: {@code <public-url>/opendsr/callbacks/<system id>}. */
    String callbackUrl(String systemId) {
        return publicUrl + "/opendsr/callbacks/" + systemId;
    }

    /** Yields the number of due tasks it handled. */
    @Override
    protected Uni<Integer> batch() {
        return database.preparedQuery(DUE).execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC),
                        config.batchSize()))
                .map(rows -> {
                    List<DueTask> due = new ArrayList<>();
                    rows.forEach(row -> due.add(DueTask.of(row)));
                    return due;
                })
                // One at a time, each in its own transactions: one vendor's failure holds back no other.
                .chain(due -> oneByOne(due, this::handle,
                        task -> "OpenDSR task " + task.taskId() + " of " + task.systemId()));
    }

    private Uni<Boolean> handle(DueTask task) {
        UUID subjectRequestId = SubjectRequestIds.of(task.directiveId(), task.systemId());
        Uni<Void> known = task.vendorState() != null ? Uni.createFrom().voidItem()
                : Panache.withTransaction(() -> VendorRequest.forTask(task.taskId(), task.directiveId(),
                        task.systemId(), now()).persist()).replaceWithVoid();
        return known.chain(() -> VendorRequestState.ACCEPTED.name().equals(task.vendorState())
                ? askStatus(task, subjectRequestId)
                : send(task, subjectRequestId)).replaceWith(true);
    }

    private Uni<Void> send(DueTask task, UUID subjectRequestId) {
        List<Identity> identities = identities(task.eventPayload());
        if (identities.isEmpty()) {
            return unsendable(task, subjectRequestId);
        }
        OpenDsrRequestBody body = new OpenDsrRequestBody(regulation(task.regulation()), subjectRequestId.toString(),
                requestType(task.kind(), task.requestType()),
                task.receivedAt().truncatedTo(ChronoUnit.SECONDS).toString(), identities,
                OpenDsrRequestBody.API_VERSION, List.of(callbackUrl(task.systemId())));
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return http.post(task.baseUrl() + "/v2/requests", bytes)
                .chain(response -> {
                    if (response.status() == 201) {
                        return certificates.verify(task.baseUrl(), response.body())
                                .chain(verified -> receipt(task, verified));
                    }
                    // A 400 may be the vendor's duplicate check after a 201 that never reached us.
                    return askStatus(task, subjectRequestId, "the vendor answered " + response.status());
                })
                .onFailure().recoverWithUni(failure -> failed(subjectRequestId, reason(failure)));
    }

    private Uni<Void> receipt(DueTask task, VerifiedBody verified) {
        return answers.apply(task.systemId(), StatusReport.receipt(json, verified.bytes()), verified, "receipt")
                .replaceWithVoid();
    }

    private Uni<Void> askStatus(DueTask task, UUID subjectRequestId) {
        return askStatus(task, subjectRequestId, null);
    }

    /** The fallback when no callback comes; {@code sendFailure} says why a create attempt did not count. */
    private Uni<Void> askStatus(DueTask task, UUID subjectRequestId, String sendFailure) {
        return http.get(task.baseUrl() + "/v2/requests/" + subjectRequestId)
                .chain(response -> {
                    if (response.status() != 200) {
                        return failed(subjectRequestId, sendFailure != null ? sendFailure
                                : "the status answered " + response.status());
                    }
                    return certificates.verify(task.baseUrl(), response.body())
                            .chain(verified -> answers.apply(task.systemId(),
                                    StatusReport.read(json, verified.bytes()), verified, "status"))
                            .replaceWithVoid();
                })
                .onFailure().recoverWithUni(failure -> failed(subjectRequestId,
                        sendFailure != null ? sendFailure : reason(failure)));
    }

    private Uni<Void> failed(UUID subjectRequestId, String why) {
        Instant now = now();
        return Panache.withTransaction(() -> VendorRequest.<VendorRequest>findById(subjectRequestId)
                .invoke(request -> request.failed(why, now, config.initialBackoff(), config.maxBackoff())))
                .invoke(request -> LOG.infof("OpenDSR request %s to %s not answered (%s); attempt %d, next at %s",
                        subjectRequestId, request.systemId, why, request.attempts, request.nextAttemptAt))
                .replaceWithVoid();
    }

    /** Nothing a vendor could match: the task fails at once, with the reason, rather than waiting for its deadline. */
    private Uni<Void> unsendable(DueTask task, UUID subjectRequestId) {
        Instant now = now();
        DirectiveAcknowledgement failed = new DirectiveAcknowledgement(task.directiveId(), task.systemId(),
                AckOutcome.FAILED, null, NO_IDENTITY, null, null, now);
        return Panache.withTransaction(() -> VendorRequest.<VendorRequest>findById(subjectRequestId)
                .invoke(request -> request.unsendable(NO_IDENTITY, now))
                .chain(() -> acknowledgements.acknowledgeInCaller("opendsr:" + subjectRequestId + ":unsendable",
                        "opendsr:" + task.systemId(), failed)))
                .replaceWithVoid();
    }

    /**
     * Only what OpenDSR's section 5 can name: its identity types raw (e-mail addresses...), and the
     * hashed ones an OpenDSR controller sent in ({@code email:sha256} → email, sha256), passed on as
     * received. Other kinds (a phone number) have no OpenDSR type and stay out.
     */
    private List<Identity> identities(String eventPayload) {
        List<Identity> identities = new ArrayList<>();
        try {
            json.readTree(eventPayload).path("identities").fields().forEachRemaining(kind -> {
                String[] typeAndFormat = kind.getKey().split(":", 2);
                String format = typeAndFormat.length == 2 ? typeAndFormat[1] : "raw";
                if (IDENTITY_TYPES.contains(typeAndFormat[0])
                        && (format.equals("raw") || HASH_FORMATS.contains(format))) {
                    kind.getValue().forEach(value -> identities.add(new Identity(typeAndFormat[0], value.asText(),
                            format)));
                }
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the task's directive cannot be read", e);
        }
        return identities;
    }

    /** OpenDSR names gdpr and ccpa; UK GDPR and LGPD requests go out as gdpr, their closest kin. */
    static String regulation(Regulation regulation) {
        return regulation == Regulation.CCPA ? "ccpa" : "gdpr";
    }

    static String requestType(DirectiveKind kind, RequestType type) {
        if (kind == DirectiveKind.ERASE) {
            return "erasure";
        }
        return type == RequestType.PORTABILITY ? "portability" : "access";
    }

    private static String reason(Throwable failure) {
        if (failure instanceof SignatureRejected rejected) {
            return "signature refused: " + rejected.getMessage();
        }
        return "unreachable: " + failure.getClass().getSimpleName();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record DueTask(UUID taskId, UUID directiveId, String systemId, String eventPayload, String baseUrl,
            RequestType requestType, Regulation regulation, Instant receivedAt, DirectiveKind kind,
            String vendorState) {

        static DueTask of(Row row) {
            OffsetDateTime received = row.getOffsetDateTime("received_at");
            return new DueTask(row.getUUID("task_id"), row.getUUID("directive_id"), row.getString("system_id"),
                    row.getString("event_payload"), row.getString("opendsr_base_url"),
                    RequestType.valueOf(row.getString("request_type")), Regulation.valueOf(row.getString("regulation")),
                    received.toInstant(), DirectiveKind.valueOf(row.getString("kind")),
                    row.getString("vendor_state"));
        }
    }
}
