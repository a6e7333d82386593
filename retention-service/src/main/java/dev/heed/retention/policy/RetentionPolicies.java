package dev.heed.retention.policy;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.directives.RegistryNotReadyException;
import dev.heed.directives.SystemRegistryView;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.purpose.Purpose;
import dev.heed.retention.catalogue.PurposeCatalogueView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The retention policies. Every new version is stored and announced on
 * {@code privacy.retention.events.v1} (naming who changed it and why) in one transaction, through
 * the outbox.
 *
 * <p>Data categories are checked against the purpose catalogue ({@code privacy.purposes.v1}), not
 * the system registry: the catalogue is the record of processing that says which categories the
 * organisation collects and why, while the registry only says where they live today. A policy for
 * a category no system has registered yet is legitimate (it applies once one does); a category no
 * purpose names is a typo or processing without a purpose.
 */
@ApplicationScoped
public class RetentionPolicies {

    private final EventOutbox outbox;
    private final Clock clock;
    private final PurposeCatalogueView catalogue;
    private final SystemRegistryView registry;
    private final PolicyVersionRepository versions;

    RetentionPolicies(EventOutbox outbox, Clock clock, PurposeCatalogueView catalogue, SystemRegistryView registry,
            PolicyVersionRepository versions) {
        this.outbox = outbox;
        this.clock = clock;
        this.catalogue = catalogue;
        this.registry = registry;
        this.versions = versions;
    }

    /**
     * Creates a policy, or makes its next version when the rule differs from the latest. Another
     * replica inserting the same version first rolls this attempt back; it is tried again on the new state.
     */
    public Uni<Change> change(PolicyRequest request, String actor) {
        checkAgainstCatalogueAndRegistry(request);
        return Uni.createFrom().deferred(() -> changeOnce(request, actor))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<Change> changeOnce(PolicyRequest request, String actor) {
        return Panache.withTransaction(() -> versions.latestOf(request.policyId()).chain(latest -> {
            if (latest != null && latest.says(request)) {
                return Uni.createFrom().item(new Change(PolicyResponse.of(latest), false, false));
            }
            if (latest != null && !latest.dataCategory.equals(request.dataCategory())) {
                throw new PolicyConflictException("policy " + latest.policyId + " governs data category "
                        + latest.dataCategory + "; a policy for another category is a new policy");
            }
            if (latest != null && request.reason() == null) {
                throw new InvalidInputException("reason", "reason is required to change a policy");
            }
            PolicyVersion next = PolicyVersion.next(latest, request, actor, now());
            HeedEvent<?> event = HeedEvent.of(EventType.RETENTION_POLICY_VERSIONED,
                    Application.RETENTION_SERVICE.source(), next.effectiveAt, next.toEvent());
            return versions.persist(next)
                    .chain(() -> outbox.append(Topics.RETENTION_EVENTS, next.policyId, event))
                    .map(ignored -> new Change(PolicyResponse.of(next), latest == null, true));
        }));
    }

    private void checkAgainstCatalogueAndRegistry(PolicyRequest request) {
        if (!catalogue.knowsCategory(request.dataCategory())) {
            throw new InvalidInputException("dataCategory",
                    "dataCategory is named by no purpose in the catalogue");
        }
        if (request.purposeId() != null) {
            Purpose purpose = catalogue.purpose(request.purposeId()).orElseThrow(
                    () -> new InvalidInputException("purposeId", "purposeId is not in the catalogue"));
            if (!purpose.dataCategories().contains(request.dataCategory())) {
                throw new InvalidInputException("purposeId", "purposeId does not process the dataCategory");
            }
        }
        if (request.systemId() != null) {
            if (!registry.isReady()) {
                throw new RegistryNotReadyException();
            }
            boolean holds = registry.system(request.systemId())
                    .map(system -> system.dataCategories().contains(request.dataCategory()))
                    .orElse(false);
            if (!holds) {
                throw new InvalidInputException("systemId",
                        "systemId is not a registered system holding the dataCategory");
            }
        }
    }

    /** The latest version of every policy, by policy id. */
    public Uni<List<PolicyResponse>> list() {
        return Panache.withSession(this::latestOfEach).map(policies -> policies.stream().map(PolicyResponse::of).toList());
    }

    /** The latest version of every policy, in the caller's session. */
    public Uni<List<PolicyVersion>> latestOfEach() {
        return versions.latestOfEach();
    }

    /** The version in force at {@code at}: the newest that took effect at or before it; {@code null} if none. */
    public Uni<PolicyResponse> inForce(String policyId, Instant at) {
        return Panache.withSession(() -> inForceIn(policyId, at))
                .map(policy -> policy == null ? null : PolicyResponse.of(policy));
    }

    /** Same, in the caller's session. */
    public Uni<PolicyVersion> inForceIn(String policyId, Instant at) {
        return versions.inForceAt(policyId, at);
    }

    /** Every version, oldest first; empty when the policy is unknown. */
    public Uni<List<PolicyResponse>> versions(String policyId) {
        return Panache.withSession(() -> versions.versionsOf(policyId))
                .map(policies -> policies.stream().map(PolicyResponse::of).toList());
    }

    /** PostgreSQL keeps microseconds: the event carries the time exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * @param created whether the policy was new
     * @param versioned whether a new version was stored and announced (false when nothing changed)
     */
    public record Change(PolicyResponse policy, boolean created, boolean versioned) {
    }
}
