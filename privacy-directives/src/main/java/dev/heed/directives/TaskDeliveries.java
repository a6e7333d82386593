package dev.heed.directives;

import dev.heed.platform.outbox.OutboxDeliveryObserver;
import dev.heed.platform.outbox.OutboxRow;
import dev.heed.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Records on each task when the broker acknowledged its directive event (first and latest send). */
@Singleton
class TaskDeliveries implements OutboxDeliveryObserver {

    @Override
    public Uni<Void> delivered(SqlConnection connection, List<OutboxRow> rows, Instant sentAt) {
        UUID[] tasks = rows.stream()
                .filter(row -> EventType.DIRECTIVE_ISSUED.type().equals(row.eventType()))
                .map(row -> UUID.fromString(row.eventId()))
                .toArray(UUID[]::new);
        if (tasks.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("update heed_directives.directive_task"
                        + " set first_sent_at = coalesce(first_sent_at, $1), last_sent_at = $1 where id = any($2)")
                .execute(Tuple.of(sentAt.atOffset(ZoneOffset.UTC), tasks))
                .replaceWithVoid();
    }
}
