package dev.heed.directives;

import dev.heed.events.directive.DirectiveKind;
import dev.heed.platform.outbox.CallerTransaction;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Read access to directives and their tasks, for the operator API and for the issuing service. */
@ApplicationScoped
public class DirectiveQueries {

    /** A directive without its tasks, with how many tasks are in each state. */
    public record DirectiveSummary(UUID id, DirectiveKind kind, String issuer,
            String reference, DirectiveState state, Instant issuedAt, Instant deadline,
            Instant settledAt, int recipients, Map<TaskState, Long> tasks) {
    }

    private final String issuer;

    DirectiveQueries(DirectivesConfig config) {
        this.issuer = config.issuer();
    }

    public Uni<Optional<Directive>> find(UUID id) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .find(DirectiveRow.class, id)
                .chain(directive -> directive == null
                        ? Uni.createFrom().item(Optional.<Directive>empty())
                        : Settlement.tasksOf(session, id).map(tasks -> Optional.of(Directive.of(directive, tasks))))));
    }

    /**
     * The directive this service issued for {@code reference} (what caused it: a request id, a
     * decision id), the newest if there are several.
     */
    public Uni<Optional<Directive>> findIssued(String reference) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from DirectiveRow d where d.reference = :reference and d.issuer = :issuer"
                        + " order by d.issuedAt desc, d.id", DirectiveRow.class)
                .setParameter("reference", reference)
                .setParameter("issuer", issuer)
                .setMaxResults(1)
                .getResultList()
                .chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(Optional.<Directive>empty())
                        : Settlement.tasksOf(session, found.get(0).id())
                                .map(tasks -> Optional.of(Directive.of(found.get(0), tasks))))));
    }

    /**
     * The directive with its tasks, its row locked for update in the caller's transaction, so what
     * the caller does next is ordered with the acknowledgements that settle it; empty if none.
     */
    public Uni<Optional<Directive>> lockInCaller(UUID id) {
        return CallerTransaction.session().chain(session -> Settlement.lockDirective(session, id)
                .chain(directive -> directive == null
                        ? Uni.createFrom().item(Optional.<Directive>empty())
                        : Settlement.tasksOf(session, id).map(tasks -> Optional.of(Directive.of(directive, tasks)))));
    }

    /** Newest first; {@code state} null for all. */
    public Uni<List<DirectiveSummary>> list(DirectiveState state, int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createSelectionQuery("from DirectiveRow d where (:state is null or d.state = :state)"
                        + " order by d.issuedAt desc, d.id", DirectiveRow.class)
                .setParameter("state", state)
                .setMaxResults(limit)
                .getResultList()
                .chain(directives -> counts(session, directives))));
    }

    private static Uni<List<DirectiveSummary>> counts(Mutiny.Session session,
            List<DirectiveRow> directives) {
        if (directives.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = directives.stream().map(DirectiveRow::id).toList();
        return session.createSelectionQuery("select t.directiveId, t.state, count(t) from DirectiveTaskRow t"
                        + " where t.directiveId in :ids group by t.directiveId, t.state", Object[].class)
                .setParameter("ids", ids)
                .getResultList()
                .map(rows -> {
                    Map<UUID, Map<TaskState, Long>> byDirective = new HashMap<>();
                    for (Object[] row : rows) {
                        byDirective.computeIfAbsent((UUID) row[0], id -> new EnumMap<>(TaskState.class))
                                .put((TaskState) row[1], ((Number) row[2]).longValue());
                    }
                    List<DirectiveSummary> summaries = new ArrayList<>();
                    for (DirectiveRow d : directives) {
                        summaries.add(new DirectiveSummary(d.id(), d.kind(), d.issuer(), d.reference(), d.state(),
                                d.issuedAt(), d.deadline(), d.settledAt(), d.recipientCount(),
                                byDirective.getOrDefault(d.id(), Map.of())));
                    }
                    return summaries;
                });
    }
}
