package dev.heed.directives.support;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveTask;
import dev.heed.directives.DirectiveSettlementListener;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The issuing service's side of the settlement SPI, as a test sees it: it writes a row through
 * the settling transaction's own session (so the row exists only if the settlement committed),
 * and can be told to fail for one directive (which must roll the settlement back).
 */
@Singleton
public class RecordingSettlements implements DirectiveSettlementListener {

    private final Map<UUID, Directive> settled = new ConcurrentHashMap<>();
    private final List<DirectiveTask> late = new CopyOnWriteArrayList<>();
    private final Map<UUID, Boolean> failFor = new ConcurrentHashMap<>();

    void createTable(@Observes StartupEvent event, AgroalDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists test_settled_request"
                    + " (directive_id uuid primary key, state text not null)");
        }
    }

    public void failOnce(UUID directiveId) {
        failFor.put(directiveId, true);
    }

    public Directive settled(UUID directiveId) {
        return settled.get(directiveId);
    }

    public List<DirectiveTask> late() {
        return late;
    }

    @Override
    public Uni<Void> settled(Directive directive) {
        if (failFor.remove(directive.id()) != null) {
            return Uni.createFrom().failure(new IllegalStateException("the issuing service refused"));
        }
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery(
                                "insert into test_settled_request (directive_id, state) values (?1, ?2)")
                        .setParameter(1, directive.id())
                        .setParameter(2, directive.state().name())
                        .executeUpdate())
                .invoke(() -> settled.put(directive.id(), directive))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> answeredLate(Directive directive, DirectiveTask task) {
        late.add(task);
        return Uni.createFrom().voidItem();
    }
}
