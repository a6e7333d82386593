package dev.heed.dsr.hold;

import dev.heed.directives.DirectiveRequest;
import dev.heed.dsr.request.SubjectRequest;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.retention.LegalHold;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * An erasure of a subject under legal hold erases nothing held: its directive tells the systems
 * what to keep ({@value #RETAIN_DATA_CATEGORIES}, {@code ["*"]} for everything of the subject, and
 * the {@value #LEGAL_HOLDS}), and the request remembers the holds it waits for.
 */
@ApplicationScoped
public class ErasureHolds {

    public static final String RETAIN_DATA_CATEGORIES = "retainDataCategories";
    public static final String LEGAL_HOLDS = "legalHolds";
    static final String EVERYTHING = "*";

    private final LegalHoldView view;
    private final RequestHoldRepository requestHolds;
    private final Clock clock;
    private final Duration answerWithin;

    ErasureHolds(LegalHoldView view, RequestHoldRepository requestHolds, Clock clock,
            @ConfigProperty(name = "heed.dsr.systems.answer-within", defaultValue = "P7D") Duration answerWithin) {
        this.view = view;
        this.requestHolds = requestHolds;
        this.clock = clock;
        this.answerWithin = answerWithin;
    }

    /**
     * The directive for {@code request}, with what to keep when holds cover its subject; records
     * those holds in place of the ones an earlier issue waited for. Other kinds pass unchanged.
     */
    public Uni<DirectiveRequest> retain(SubjectRequest request, DirectiveRequest directive) {
        if (directive.kind() != DirectiveKind.ERASE) {
            return Uni.createFrom().item(directive);
        }
        List<LegalHold> holds = view.holdsOn(request.subjectKey);
        DirectiveRequest resumed = request.status == RequestStatus.ON_HOLD ? afterHold(directive) : directive;
        return requestHolds.replace(request.id, holds.stream().map(hold -> waitFor(request.id, hold)).toList())
                .replaceWith(holds.isEmpty() ? resumed : keeping(resumed, holds));
    }

    // The legal deadline may have passed while the hold lasted: the systems still get their usual time.
    private DirectiveRequest afterHold(DirectiveRequest directive) {
        Instant now = clock.instant();
        return directive.deadline() != null && directive.deadline().isAfter(now) ? directive
                : directive.deadline(now.plus(answerWithin));
    }

    private static DirectiveRequest keeping(DirectiveRequest directive, List<LegalHold> holds) {
        boolean everything = holds.stream().anyMatch(hold -> hold.dataCategories().isEmpty());
        TreeSet<String> categories = new TreeSet<>();
        holds.forEach(hold -> categories.addAll(hold.dataCategories()));
        Map<String, Object> parameters = new HashMap<>(directive.parameters());
        parameters.put(RETAIN_DATA_CATEGORIES, everything ? List.of(EVERYTHING) : List.copyOf(categories));
        parameters.put(LEGAL_HOLDS, holds.stream().map(hold -> hold.holdId().toString()).sorted().toList());
        return directive.parameters(parameters);
    }

    private static RequestHold waitFor(UUID requestId, LegalHold hold) {
        RequestHold held = new RequestHold();
        held.id = UUID.randomUUID();
        held.requestId = requestId;
        held.holdId = hold.holdId();
        held.matter = hold.matter();
        held.reason = hold.reason();
        held.placedAt = hold.placedAt().truncatedTo(ChronoUnit.MICROS);
        return held;
    }
}
