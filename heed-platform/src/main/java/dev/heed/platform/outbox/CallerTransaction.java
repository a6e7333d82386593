package dev.heed.platform.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** The caller's Panache session, provided it has a transaction open. */
public final class CallerTransaction {

    private static final String REQUIRED = "this joins the caller's transaction: call it inside "
            + "Panache.withTransaction(...) or a @WithTransaction method";

    private CallerTransaction() {
    }

    /** Fails rather than run outside a transaction: an event must never commit without its state change. */
    public static Uni<Mutiny.Session> session() {
        return Panache.getSession()
                .onFailure().transform(e -> new IllegalStateException(REQUIRED, e))
                .chain(session -> session.currentTransaction() == null
                        ? Uni.createFrom().failure(new IllegalStateException(REQUIRED))
                        : Uni.createFrom().item(session));
    }
}
