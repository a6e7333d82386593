package dev.heed.audit.witness;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.AuditConfig;
import dev.heed.audit.EntryTypes;
import dev.heed.audit.head.SignedHeads;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.ingest.IntakeRow;
import dev.heed.audit.ingest.StoredRecords;
import dev.heed.audit.log.TreeNodes;
import dev.heed.audit.query.QueryLog;
import dev.heed.audit.tlog.NoteSigner;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.c2sp.SignedNote;
import dev.heed.platform.leadership.Leadership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Leader-only: submits the latest signed head, as a checkpoint with the consistency proof from the
 * size each witness last cosigned, to every configured witness (c2sp.org/tlog-witness
 * add-checkpoint) and stores the cosignatures that verify. What each witness cosigned is in the
 * database, so a restarted or new leader continues from there. A refusal is counted
 * ({@code heed.audit.witness.refusals}, by witness and reason) and logged once per witness, head
 * and reason as a {@code dev.heed.audit.witness-refused.v1} entry: a witness that saw another
 * history says 409 or 422, which is what a fork looks like from here.
 */
@ApplicationScoped
public class WitnessSubmitter {

    public static final String NAME = "audit-witnessing";
    private static final Logger LOG = Logger.getLogger(WitnessSubmitter.class);
    private static final List<String> REASONS = List.of("conflict", "inconsistent", "bad-signature", "unknown-log",
            "bad-request", "bad-cosignature", "witness-error", "unreachable");

    private final Leadership leadership;
    private final Pool database;
    private final SignedHeads heads;
    private final NoteSigner notes;
    private final Witnesses witnesses;
    private final Cosignatures cosignatures;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;

    WitnessSubmitter(Leadership leadership, Pool database, SignedHeads heads, NoteSigner notes, Witnesses witnesses,
            Cosignatures cosignatures, MeterRegistry registry, Clock clock, AuditConfig config) {
        this.leadership = leadership;
        this.database = database;
        this.heads = heads;
        this.notes = notes;
        this.witnesses = witnesses;
        this.cosignatures = cosignatures;
        this.registry = registry;
        this.clock = clock;
        this.timeout = config.witnessing().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        // At zero from the start, so an alert's increase() sees the first refusal.
        witnesses.all().forEach(witness -> REASONS.forEach(reason -> counter(witness.name(), reason)));
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.audit.witnessing.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Submits the latest head where it is missing (on the leader); yields the outcome per witness. */
    public Uni<Optional<List<Outcome>>> run() {
        return leadership.runIfLeader(NAME, () -> heads.latest().chain(latest -> latest.isEmpty()
                ? Uni.createFrom().item(List.<Outcome>of())
                : Multi.createFrom().iterable(witnesses.all())
                        .onItem().transformToUniAndConcatenate(witness -> submit(witness, latest.get()))
                        .collect().asList()));
    }

    private Uni<Outcome> submit(Witnesses.Configured witness, StoredHead head) {
        return cosignatures.latestSize(witness.name()).chain(cosigned -> cosigned >= head.treeSize()
                ? Uni.createFrom().item(new Outcome(witness.name(), head.treeSize(), "current"))
                : submit(witness, head, cosigned, true));
    }

    private Uni<Outcome> submit(Witnesses.Configured witness, StoredHead head, long old, boolean retry) {
        SignedNote checkpoint = notes.sign(head);
        return proof(old, head.treeSize())
                .chain(proof -> post(witness, body(old, proof, checkpoint)))
                .chain(answer -> switch (answer.statusCode()) {
                    case 200 -> accepted(witness, head, checkpoint, answer.body());
                    case 409 -> conflict(witness, head, old, retry, answer.body());
                    default -> refused(witness, head, reason(answer.statusCode()), answer.statusCode(), old, null);
                })
                .onFailure().recoverWithUni(e -> {
                    // Unreachable or slow: counted, not logged in the tree (nothing was refused).
                    LOG.warnf("witness %s: %s", witness.name(), e.getClass().getSimpleName());
                    counter(witness.name(), "unreachable").increment();
                    return Uni.createFrom().item(new Outcome(witness.name(), head.treeSize(), "unreachable"));
                });
    }

    private Uni<Outcome> accepted(Witnesses.Configured witness, StoredHead head, SignedNote checkpoint, String body) {
        for (String text : body.split("\n")) {
            SignedNote.Line line;
            try {
                line = SignedNote.Line.parse(text);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (checkpoint.with(line).verifiedBy(witness.key())) {
                return cosignatures.store(witness.name(), head.treeSize(), line.format(), clock.instant())
                        .replaceWith(new Outcome(witness.name(), head.treeSize(), "cosigned"));
            }
        }
        return refused(witness, head, "bad-cosignature", 200, -1, null);
    }

    /**
     * The witness cosigned another size last. If that is one of our heads below this one (its
     * cosignature was lost, or it was fed by another replica), resubmit from there once; a size we
     * never signed or a larger one is a refusal: the witness has seen another history.
     */
    private Uni<Outcome> conflict(Witnesses.Configured witness, StoredHead head, long old, boolean retry, String body) {
        long theirs;
        try {
            theirs = Long.parseLong(body.strip());
        } catch (NumberFormatException e) {
            return refused(witness, head, "conflict", 409, old, null);
        }
        if (!retry || theirs > head.treeSize()) {
            return refused(witness, head, "conflict", 409, old, theirs);
        }
        Uni<Boolean> ours = theirs == 0 ? Uni.createFrom().item(true) : heads.ofSize(theirs).map(Optional::isPresent);
        return ours.chain(known -> known
                ? submit(witness, head, theirs, false)
                : refused(witness, head, "conflict", 409, old, theirs));
    }

    private Uni<Outcome> refused(Witnesses.Configured witness, StoredHead head, String reason, int status, long old,
            Long witnessSize) {
        LOG.warnf("witness %s refused the head of size %d: %s (%d)", witness.name(), head.treeSize(), reason, status);
        counter(witness.name(), reason).increment();
        Instant now = clock.instant();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("witness", witness.name());
        data.put("origin", notes.origin());
        data.put("treeSize", head.treeSize());
        data.put("rootHash", head.head().rootHashHex());
        data.put("oldSize", old);
        data.put("status", status);
        data.put("reason", reason);
        if (witnessSize != null) {
            data.put("witnessSize", witnessSize);
        }
        data.put("refusedAt", now.toString());
        String id = "witness-refusal/" + witness.name() + "/" + head.treeSize() + "/" + reason;
        IntakeRow row = StoredRecords.direct(QueryLog.SOURCE, id, EntryTypes.WITNESS_REFUSED, null, now, data);
        // One statement: the refusal row and its audit entry are written together, or neither.
        return database.preparedQuery("with refused as (insert into witness_refusal"
                        + " (witness, tree_size, reason, status, refused_at) values ($1, $2, $3, $4, $5)"
                        + " on conflict do nothing returning 1)"
                        + " insert into intake (event_source, event_id, record, received_at)"
                        + " select $6, $7, $8, $5 from refused on conflict (event_source, event_id) do nothing")
                .execute(Tuple.tuple(List.of(witness.name(), head.treeSize(), reason, status,
                        now.atOffset(ZoneOffset.UTC), row.eventSource(), row.eventId(), row.record())))
                .replaceWith(new Outcome(witness.name(), head.treeSize(), reason));
    }

    private Uni<List<byte[]>> proof(long old, long size) {
        if (old == 0 || old == size) {
            return Uni.createFrom().item(List.of());
        }
        return TreeNodes.read(database, MerkleTree.consistencyNeeds(old, size))
                .map(nodes -> MerkleTree.consistencyProof(old, size, nodes::get));
    }

    private static String body(long old, List<byte[]> proof, SignedNote checkpoint) {
        StringBuilder body = new StringBuilder("old ").append(old).append('\n');
        proof.forEach(hash -> body.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return body.append('\n').append(checkpoint.format()).toString();
    }

    private Uni<HttpResponse<String>> post(Witnesses.Configured witness, String body) {
        HttpRequest request = HttpRequest.newBuilder(witness.addCheckpoint()).timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8)).build();
        // Back on the caller's Vert.x context: the database calls that follow belong there.
        Context context = Vertx.currentContext();
        Uni<HttpResponse<String>> answer = Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString(UTF_8)));
        return context == null ? answer : answer.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 403 -> "bad-signature";
            case 404 -> "unknown-log";
            case 422 -> "inconsistent";
            default -> status >= 500 ? "witness-error" : "http-" + status;
        };
    }

    private Counter counter(String witness, String reason) {
        return Counter.builder("heed.audit.witness.refusals")
                .description("Checkpoints a witness did not cosign, by witness and reason (unreachable included)")
                .tag("witness", witness).tag("reason", reason)
                .register(registry);
    }

    /** What one witness did with the head. */
    public record Outcome(String witness, long treeSize, String result) {
    }
}
