package dev.heed.platform.outbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;

/**
 * Told, inside the relay's transaction that marks rows sent, which rows the broker acknowledged;
 * e.g. directive tasks record when they were sent.
 */
public interface OutboxDeliveryObserver {

    Uni<Void> delivered(SqlConnection connection, List<OutboxRow> rows, Instant sentAt);
}
