package dev.heed.directives;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.heed.platform.outbox.CallerTransaction;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.registry.SystemRegistration;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Issues directives: resolves the recipients from this replica's registry view, keeps that
 * snapshot, and stores the directive, one pending task and one outbox row per recipient in the
 * caller's transaction — so the service's own state change (a request moving on, a withdrawal
 * recorded) commits with it or not at all.
 *
 * <pre>{@code
 * @WithTransaction
 * Uni<Directive> erase(ErasureRequest request) {
 *     return request.persist().chain(() -> issuer.issue(
 *             DirectiveRequest.about(DirectiveKind.ERASE, request.subjectKey)
 *                     .reference(request.id.toString())
 *                     .deadline(request.dueAt)));
 * }
 * }</pre>
 */
@ApplicationScoped
public class DirectiveIssuer {

    private final SystemRegistryView registry;
    private final EventOutbox outbox;
    private final Settlement settlement;
    private final Clock clock;
    private final DirectivesConfig config;

    DirectiveIssuer(SystemRegistryView registry, EventOutbox outbox, Settlement settlement, Clock clock,
            DirectivesConfig config) {
        this.registry = registry;
        this.outbox = outbox;
        this.settlement = settlement;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Issues a directive within the caller's transaction. With no matching system the directive
     * is {@code COMPLETED} at once ({@link Directive#noRecipients()}), and the settlement
     * listeners hear so in the same transaction.
     *
     * @throws dev.heed.directives.RegistryNotReadyException (as the Uni's failure) while
     *     the registry view is catching up
     */
    public Uni<Directive> issue(DirectiveRequest request) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            Instant deadline = request.deadline() != null ? request.deadline() : now.plus(config.defaultDeadline());
            if (!deadline.isAfter(now)) {
                throw new IllegalArgumentException("deadline must be in the future");
            }
            List<SystemRegistration> recipients = registry.recipients(request.kind(), request.purposeId(),
                    request.dataCategories()).stream()
                    .filter(system -> request.systems().isEmpty() || request.systems().contains(system.systemId()))
                    .toList();
            return CallerTransaction.session().chain(session -> store(session, request, recipients, now, deadline));
        });
    }

    private Uni<Directive> store(Mutiny.Session session, DirectiveRequest request, List<SystemRegistration> recipients,
            Instant now, Instant deadline) {
        UUID directiveId = request.id() != null ? request.id() : UUID.randomUUID();
        String issuer = config.issuer();
        String source = "/heed/" + issuer;
        DirectiveRow directive = new DirectiveRow(directiveId, request.kind(), issuer, request.subjectKey(),
                request.purposeId(), Directive.categoriesJson(request.dataCategories()), request.reference(), now,
                deadline, recipients.size());
        List<DirectiveTaskRow> tasks = new ArrayList<>();
        List<HeedEvent<DirectiveIssued>> events = new ArrayList<>();
        for (SystemRegistration system : recipients) {
            UUID taskId = UUID.randomUUID();
            DirectiveIssued payload = new DirectiveIssued(directiveId, request.kind(), issuer, system.systemId(),
                    request.subjectKey(), request.identities(), request.purposeId(), request.dataCategories(),
                    request.parameters(), request.reference(), now, deadline);
            HeedEvent<DirectiveIssued> event = HeedEvent.of(EventType.DIRECTIVE_ISSUED, taskId.toString(), source, now,
                    payload);
            events.add(event);
            tasks.add(new DirectiveTaskRow(taskId, directiveId, system.systemId(), json(system),
                    Topics.directives(system.systemId()), event.kafkaKey(), json(event.headerValues()),
                    new String(event.dataBytes(), UTF_8), deadline, now));
        }
        Uni<Void> chain = session.persist(directive);
        for (int i = 0; i < tasks.size(); i++) {
            DirectiveTaskRow task = tasks.get(i);
            HeedEvent<DirectiveIssued> event = events.get(i);
            chain = chain.chain(() -> session.persist(task))
                    .chain(() -> outbox.append(task.topic(), task.messageKey(), event));
        }
        return chain.chain(() -> settlement.settleIfDone(directive, tasks))
                .map(settled -> settled.orElseGet(() -> Directive.of(directive, tasks)));
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + value.getClass().getSimpleName(), e);
        }
    }
}
