package dev.heed.dsr.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.dsr.seal.AtRestEncryption;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Opens a request's newest queued notice with the service's at-rest key, as the delivery job
 * would: for tests of what is queued, with delivery switched off ({@code %test}). Delivery itself
 * is tested against the real SMTP server (NoticeDeliveryTest).
 */
public final class SealedNotices {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SealedNotices() {
    }

    /** The newest queued notice of the kind for the request: {@code destination} and {@code values}. */
    public static JsonNode newest(Pool database, UUID requestId, String kind) {
        RowIterator<Row> rows = database.preparedQuery("select id, nonce, sealed from customer_notice"
                        + " where request_id = $1 and kind = $2 and sealed is not null order by created_at desc, id limit 1")
                .execute(Tuple.of(requestId, kind)).await().atMost(Duration.ofSeconds(10)).iterator();
        if (!rows.hasNext()) {
            throw new AssertionError("no queued " + kind + " notice for request " + requestId);
        }
        Row row = rows.next();
        String key = ConfigProvider.getConfig().getValue("heed.dsr.notices.key", String.class);
        byte[] plain = new AtRestEncryption(key, "heed.dsr.notices.key").open(
                new AtRestEncryption.Sealed(row.getBuffer("nonce").getBytes(), row.getBuffer("sealed").getBytes()),
                "customer_notice:" + row.getUUID("id"));
        try {
            return JSON.readTree(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one-time code the newest verification notice of the request carries. */
    public static String code(Pool database, UUID requestId) {
        return newest(database, requestId, "VERIFICATION_CODE").path("values").path("code").asText();
    }
}
