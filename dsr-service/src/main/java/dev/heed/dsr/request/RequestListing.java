package dev.heed.dsr.request;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveQueries;
import dev.heed.dsr.hold.RequestHoldRepository;
import dev.heed.events.dsr.RequestStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Requests as operators and requesters read them: one with its directive, or lists without. */
@ApplicationScoped
public class RequestListing {

    private final SubjectRequestRepository requests;
    private final TaskAnswerRepository answers;
    private final DirectiveQueries directives;
    private final RequestHoldRepository holds;
    private final Clock clock;

    RequestListing(SubjectRequestRepository requests, TaskAnswerRepository answers, DirectiveQueries directives,
            RequestHoldRepository holds, Clock clock) {
        this.holds = holds;
        this.requests = requests;
        this.answers = answers;
        this.directives = directives;
        this.clock = clock;
    }

    public Uni<Optional<RequestResponse>> find(UUID id) {
        return Panache.withSession(() -> requests.findById(id)
                .chain(request -> request == null ? Uni.createFrom().item(Optional.<RequestResponse>empty())
                        : response(request).map(Optional::of)));
    }

    /**
     * Open requests past their deadline, most overdue first, those {@code ON_HOLD} included (the legal
     * deadline keeps running; their holds say why they wait); or the requests in one status, newest first.
     */
    public Uni<List<RequestResponse>> list(Optional<RequestStatus> status, boolean overdue, int limit) {
        return Panache.withSession(() -> {
            Uni<List<SubjectRequest>> found = overdue ? requests.overdue(clock.instant(), limit)
                    : requests.newest(status, limit);
            return found.chain(listed -> holds.heldBy(listed.stream().map(request -> request.id).toList())
                    .map(held -> listed.stream().map(request -> RequestResponse.of(request, null,
                            held.getOrDefault(request.id, List.of()), clock.instant())).toList()));
        });
    }

    /** The request with its directive and holds, in the current session. */
    Uni<RequestResponse> response(SubjectRequest request) {
        Uni<Optional<RequestDirective>> directive = request.directiveId == null
                ? Uni.createFrom().item(Optional.empty())
                : directives.find(request.directiveId).chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(Optional.<RequestDirective>empty())
                        : answersOf(found.get()).map(Optional::of));
        return directive.chain(found -> holds.heldBy(List.of(request.id))
                .map(held -> RequestResponse.of(request, found.orElse(null), held.getOrDefault(request.id, List.of()),
                        clock.instant())));
    }

    private Uni<RequestDirective> answersOf(Directive directive) {
        return answers.ofDirective(directive.id())
                .map(bySystem -> RequestDirective.of(directive, bySystem));
    }
}
