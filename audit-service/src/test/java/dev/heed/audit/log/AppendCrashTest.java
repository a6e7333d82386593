package dev.heed.audit.log;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.audit.support.StoredTree;
import dev.heed.audit.support.TestAppendFaults;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An append that crashes after writing its leaves leaves no trace, and the next run continues without a gap. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class AppendCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "/heed/dsr-service";

    @Inject
    TestAppendFaults faults;
    @Inject
    Leadership leadership;
    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    @Test
    void aCrashedAppendWritesNothingAndTheNextOneAppendsEverythingGapFree() {
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(leadership::isLeader);
        Instant now = Instant.now();
        HeedEvent<RequestStatusChanged> event = HeedEvent.of(EventType.DSR_STATUS_CHANGED, SOURCE, now,
                new RequestStatusChanged(UUID.randomUUID(), subjectKeys.keyOf("customer-" + UUID.randomUUID()),
                        RequestType.ERASURE, Regulation.GDPR, null, RequestStatus.RECEIVED, "test-operator", null,
                        now));
        faults.failWhileAppending(event.id());
        int firedBefore = faults.fired();

        try (Producing producing = new Producing()) {
            producing.send(Topics.DSR_EVENTS, event);
        }
        await().atMost(WAIT).until(() -> faults.fired() >= firedBefore + 2);

        assertEquals(0, tables.entriesOf(SOURCE, event.id()), "no leaf of the crashed append");
        assertEquals(1, tables.count("select count(*) from intake where event_source = $1 and event_id = $2", SOURCE,
                event.id()), "still waiting in the intake");
        StoredTree.assertIntact(tables);

        faults.disarm();
        await().atMost(WAIT).until(() -> tables.entriesOf(SOURCE, event.id()) == 1);
        StoredTree.assertIntact(tables);
    }
}
