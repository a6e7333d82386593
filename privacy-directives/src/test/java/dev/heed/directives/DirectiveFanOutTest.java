package dev.heed.directives;

import dev.heed.testkit.kafka.TestTopics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heed.platform.leadership.Leadership;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.directives.support.RecordingSettlements;
import dev.heed.directives.support.RefusingCheck;
import dev.heed.directives.support.SystemRegistry;
import dev.heed.directives.support.TestSystem;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A directive fanned out to test systems over the real broker, answered by them, settled in the
 * real database. Each test registers its own systems under its own data category, so the tests
 * share one registry without seeing each other's systems.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "directives"))
class DirectiveFanOutTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SubjectKeys KEYS = new SubjectKeys(1, "a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));

    @Inject
    DirectiveIssuer issuer;
    @Inject
    DirectiveQueries queries;
    @Inject
    DeadlineJob deadlines;
    @Inject
    ResendJob resends;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    MutableClock clock;
    @Inject
    RecordingSettlements settlements;
    @Inject
    MeterRegistry meters;
    @Inject
    OutstandingTasksJob outstandingTasks;
    @Inject
    RecordRetentionJob retention;
    @Inject
    Acknowledgements acknowledgements;
    @Inject
    RefusingCheck refusing;

    private final List<TestSystem> systems = new ArrayList<>();
    private String category;

    @BeforeEach
    void leaderAndRegistryReady() {
        category = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @AfterEach
    void closeSystems() {
        systems.forEach(TestSystem::close);
    }

    @Test
    void aDirectiveToThreeSystemsCompletesWhenAllThreeAcknowledge() throws Exception {
        List<TestSystem> recipients = register("crm", "billing", "support");

        Directive issued = issue(DirectiveKind.ERASE, Duration.ofDays(30));

        assertThat(issued.state()).isEqualTo(DirectiveState.ISSUED);
        assertThat(issued.tasks()).extracting(DirectiveTask::systemId)
                .containsExactlyInAnyOrderElementsOf(recipients.stream().map(TestSystem::id).toList());
        for (TestSystem system : recipients) {
            HeedEvent<DirectiveIssued> received = awaitDirective(system, issued.id(), 1).get(0);
            DirectiveTask task = task(issued, system.id());
            assertThat(received.id()).isEqualTo(task.id().toString());
            assertThat(received.data().systemId()).isEqualTo(system.id());
            assertThat(received.subject()).isEqualTo(issued.subjectKey());
        }

        recipients.get(0).acknowledge(issued.id(), AckOutcome.DONE, 12L);
        recipients.get(1).acknowledge(issued.id(), AckOutcome.NOT_APPLICABLE, 0L);
        await().atMost(WAIT).until(() -> stateOf(issued.id(), recipients.get(1).id()) == TaskState.NOT_APPLICABLE);
        assertThat(find(issued.id()).state()).isEqualTo(DirectiveState.ISSUED);

        recipients.get(2).acknowledge(issued.id(), AckOutcome.DONE, 3L);

        await().atMost(WAIT).until(() -> find(issued.id()).state() == DirectiveState.COMPLETED);
        Directive completed = find(issued.id());
        assertThat(completed.settledAt()).isNotNull();
        assertThat(task(completed, recipients.get(0).id()).recordsAffected()).isEqualTo(12L);
        await().atMost(WAIT).until(() -> task(find(issued.id()), recipients.get(0).id()).firstSentAt() != null);
        assertThat(completed.failedSystems()).isEmpty();
        assertThat(completed.unansweredSystems()).isEmpty();
        assertThat(settlements.settled(issued.id()).state()).isEqualTo(DirectiveState.COMPLETED);
        assertThat(settledRequestRow(issued.id())).contains("COMPLETED");
        // The issuing service finds it again by what caused it.
        assertThat(OnVertx.call(() -> queries.findIssued(issued.reference()))).get()
                .extracting(Directive::id, Directive::state).containsExactly(issued.id(), DirectiveState.COMPLETED);
        assertThat(OnVertx.call(() -> queries.findIssued("request-" + UUID.randomUUID()))).isEmpty();
        assertThat(eventCopiesKept(issued.id())).as("identities are not kept after settlement").isZero();
        // Recorded just after the acknowledging transaction commits.
        await().atMost(WAIT).until(() -> meters.find("heed.directives.ack.latency")
                .tag("system_id", recipients.get(2).id()).timer() != null);
        assertThat(meters.find("heed.directives.ack.latency").tag("system_id", recipients.get(2).id()).timer().count())
                .isEqualTo(1L);
    }

    @Test
    void aDirectiveNarrowedToSomeSystemsReachesOnlyThose() {
        List<TestSystem> matching = register("desk", "lake");
        TestSystem chosen = matching.get(0);
        DirectiveRequest request = DirectiveRequest.about(DirectiveKind.PURGE, null)
                .dataCategories(Set.of(category))
                .systems(Set.of(chosen.id()))
                .reference("run-" + UUID.randomUUID())
                .deadline(clock.instant().plus(Duration.ofDays(7)));

        Directive issued = OnVertx.call(() -> Panache.withTransaction(() -> issuer.issue(request)));

        assertThat(issued.tasks()).extracting(DirectiveTask::systemId).containsExactly(chosen.id());
        awaitDirective(chosen, issued.id(), 1);
    }

    @Test
    void anOperatorAnswersByHandLikeAnAcknowledgementAndALaterOneChangesNothing() throws Exception {
        List<TestSystem> recipients = register("desk", "archive");
        String archive = recipients.get(1).id();
        Directive issued = issue(DirectiveKind.ERASE, Duration.ofDays(30));
        awaitDirective(recipients.get(1), issued.id(), 1);
        recipients.get(0).acknowledge(issued.id(), AckOutcome.DONE, 1L);
        await().atMost(WAIT).until(() -> stateOf(issued.id(), recipients.get(0).id()) == TaskState.DONE);

        assertThat(byHand(issued.id(), archive, AckOutcome.DONE)).isEqualTo(AckDisposition.APPLIED);
        Directive completed = find(issued.id());
        assertThat(completed.state()).isEqualTo(DirectiveState.COMPLETED);
        DirectiveTask answered = task(completed, archive);
        assertThat(answered.state()).isEqualTo(TaskState.DONE);
        assertThat(answered.recordsAffected()).isEqualTo(4L);
        assertThat(answered.acknowledgedAt()).isNotNull();
        assertThat(settlements.settled(issued.id()).state()).isEqualTo(DirectiveState.COMPLETED);
        assertThat(settledRequestRow(issued.id())).contains("COMPLETED");
        assertThat(meters.find("heed.directives.ack.latency").tag("system_id", archive).timer().count()).isEqualTo(1L);

        // Final now: nothing more by hand, an unknown directive or system is told apart, nothing changes.
        String before = snapshot(issued.id());
        assertThat(byHand(issued.id(), archive, AckOutcome.NOT_APPLICABLE)).isEqualTo(AckDisposition.ALREADY_ANSWERED);
        assertThat(byHand(UUID.randomUUID(), archive, AckOutcome.DONE)).isEqualTo(AckDisposition.NOT_OURS);
        assertThat(byHand(issued.id(), "stranger-" + category.substring(4), AckOutcome.DONE))
                .isEqualTo(AckDisposition.REJECTED_NOT_RECIPIENT);
        HeedEvent<DirectiveAcknowledgement> late = recipients.get(1).acknowledge(issued.id(), AckOutcome.FAILED, 0L);
        await().atMost(WAIT).until(() -> disposition(late.id()).isPresent());
        assertThat(disposition(late.id())).contains(AckDisposition.ALREADY_ANSWERED.name());
        assertThat(snapshot(issued.id())).isEqualTo(before);
        assertThat(task(find(issued.id()), archive).recordsAffected()).isEqualTo(4L);
        // Only inside the caller's transaction, which its own audit event shares.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnVertx.call(() -> Panache.withSession(
                        () -> acknowledgements.completeByHand(issued.id(), archive, completion(AckOutcome.DONE)))))
                .hasMessageContaining("transaction");
    }

    @Test
    void aDoneAnswerTheIssuerRefusesEndsTheTaskFailedWithTheReason() throws Exception {
        List<TestSystem> recipients = register("lake", "crm");
        String lakesDlq = dev.heed.events.Topics.dlq(dev.heed.events.Topics.acks(recipients.get(0).id()));
        TestTopics.create(1, lakesDlq);
        Directive issued = issue(DirectiveKind.EXPORT, Duration.ofDays(30));
        awaitDirective(recipients.get(0), issued.id(), 1);
        refusing.refuse(issued.id(), recipients.get(0).id(), "no proof of the export");

        recipients.get(0).acknowledge(issued.id(), AckOutcome.DONE, 3L);
        recipients.get(1).acknowledge(issued.id(), AckOutcome.DONE, 1L);

        await().atMost(WAIT).until(() -> find(issued.id()).state() == DirectiveState.PARTIALLY_COMPLETED);
        Directive partial = find(issued.id());
        assertThat(task(partial, recipients.get(0).id()).state()).isEqualTo(TaskState.FAILED);
        assertThat(task(partial, recipients.get(0).id()).reason()).isEqualTo("no proof of the export");
        assertThat(task(partial, recipients.get(1).id()).state()).isEqualTo(TaskState.DONE);
        assertThat(partial.failedSystems()).containsExactly(recipients.get(0).id());
        assertThat(settlements.settled(issued.id()).state()).isEqualTo(DirectiveState.PARTIALLY_COMPLETED);
        assertThat(new String(deadLetters(lakesDlq, 1).get(0).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8)).isEqualTo("REFUSED: the task ends FAILED: no proof of the export");
    }

    @Test
    void aDuplicateAcknowledgementChangesNothing() throws Exception {
        List<TestSystem> recipients = register("lake", "mail");
        Directive issued = issue(DirectiveKind.ERASE, Duration.ofDays(30));
        awaitDirective(recipients.get(0), issued.id(), 1);

        HeedEvent<DirectiveAcknowledgement> ack = recipients.get(0).acknowledge(issued.id(), AckOutcome.DONE, 5L);
        await().atMost(WAIT).until(() -> stateOf(issued.id(), recipients.get(0).id()) == TaskState.DONE
                && find(issued.id()).tasks().stream().allMatch(task -> task.firstSentAt() != null));
        String before = snapshot(issued.id());
        long inboxBefore = count("select count(*) from heed_directives.ack_inbox where directive_id = ?", issued.id());

        recipients.get(0).send(ack);
        // The same system answering the same directive again under a new id is not a duplicate
        // by id, but the task keeps its first answer: a marker that the redelivery was consumed.
        HeedEvent<DirectiveAcknowledgement> marker = recipients.get(0).acknowledge(issued.id(), AckOutcome.FAILED,
                99L);
        await().atMost(WAIT).until(() -> disposition(marker.id()).isPresent());

        assertThat(disposition(marker.id())).contains(AckDisposition.ALREADY_ANSWERED.name());
        assertThat(disposition(ack.id())).contains(AckDisposition.APPLIED.name());
        assertThat(count("select count(*) from heed_directives.ack_inbox where directive_id = ?", issued.id()))
                .isEqualTo(inboxBefore + 1);
        assertThat(snapshot(issued.id())).isEqualTo(before);
        Directive after = find(issued.id());
        assertThat(after.state()).isEqualTo(DirectiveState.ISSUED);
        assertThat(task(after, recipients.get(0).id()).recordsAffected()).isEqualTo(5L);
    }

    @Test
    void aSilentSystemLeavesTheDirectivePartiallyCompletedOnceTheDeadlinePasses() throws Exception {
        List<TestSystem> recipients = register("ads", "shop", "silent");
        TestSystem silent = recipients.get(2);
        Directive issued = issue(DirectiveKind.STOP_PROCESSING, Duration.ofHours(2));
        awaitDirective(silent, issued.id(), 1);
        recipients.get(0).acknowledge(issued.id(), AckOutcome.DONE, 1L);
        recipients.get(1).acknowledge(issued.id(), AckOutcome.DONE, 1L);
        await().atMost(WAIT).until(() -> stateOf(issued.id(), recipients.get(1).id()) == TaskState.DONE
                && stateOf(issued.id(), recipients.get(0).id()) == TaskState.DONE);
        double overdueBefore = overdueCount(silent.id());
        OnVertx.call(outstandingTasks::refresh);
        assertThat(meters.find("heed.directives.tasks.outstanding").tag("system_id", silent.id()).gauge().value())
                .isEqualTo(1.0);
        assertThat(meters.find("heed.directives.tasks.outstanding").tag("system_id", recipients.get(0).id()).gauge())
                .as("answered tasks are not outstanding").isNull();

        // The job settles every directive past its deadline, other tests' included: count only ours.
        assertThat(run(deadlines::run)).isPresent();
        assertThat(find(issued.id()).state()).as("before the deadline").isEqualTo(DirectiveState.ISSUED);

        clock.advance(Duration.ofHours(2).plusMinutes(1));
        assertThat(run(deadlines::run)).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
                .isPositive();

        Directive settled = find(issued.id());
        assertThat(settled.state()).isEqualTo(DirectiveState.PARTIALLY_COMPLETED);
        assertThat(settled.unansweredSystems()).containsExactly(silent.id());
        assertThat(settled.failedSystems()).isEmpty();
        assertThat(task(settled, silent.id()).state()).isEqualTo(TaskState.OVERDUE);
        assertThat(settlements.settled(issued.id()).unansweredSystems()).containsExactly(silent.id());
        assertThat(settledRequestRow(issued.id())).contains("PARTIALLY_COMPLETED");
        assertThat(overdueCount(silent.id())).isEqualTo(overdueBefore + 1);

        // A late answer is still recorded, marked late; the settled outcome stays.
        silent.acknowledge(issued.id(), AckOutcome.DONE, 7L);
        await().atMost(WAIT).until(() -> stateOf(issued.id(), silent.id()) == TaskState.DONE);
        Directive late = find(issued.id());
        assertThat(late.state()).isEqualTo(DirectiveState.PARTIALLY_COMPLETED);
        assertThat(task(late, silent.id()).late()).isTrue();
        assertThat(task(late, silent.id()).recordsAffected()).isEqualTo(7L);
        assertThat(settlements.late()).extracting(DirectiveTask::systemId).contains(silent.id());
    }

    @Test
    void anUnansweredTaskIsResentWithTheSameCloudEventsIdAfterTheInterval() throws Exception {
        TestSystem quiet = register("quiet").get(0);
        Directive issued = issue(DirectiveKind.EXPORT, Duration.ofDays(30));
        HeedEvent<DirectiveIssued> first = awaitDirective(quiet, issued.id(), 1).get(0);
        await().atMost(WAIT).until(() -> task(find(issued.id()), quiet.id()).firstSentAt() != null);

        // The job re-sends every due task, other tests' included: look only at ours.
        run(resends::run);
        assertThat(task(find(issued.id()), quiet.id()).sendCount()).as("before the interval").isEqualTo(1);

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        assertThat(run(resends::run)).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
                .isPositive();

        List<HeedEvent<DirectiveIssued>> both = awaitDirective(quiet, issued.id(), 2);
        assertThat(both.get(1).id()).isEqualTo(first.id());
        assertThat(both.get(1).data()).isEqualTo(first.data());
        assertThat(task(find(issued.id()), quiet.id()).sendCount()).isEqualTo(2);
        run(resends::run);
        assertThat(task(find(issued.id()), quiet.id()).sendCount()).as("the interval starts again").isEqualTo(2);
    }

    @Test
    void anAcknowledgementFromASystemThatIsNotTheRecipientIsRejected() throws Exception {
        TestSystem owner = register("owner").get(0);
        TestSystem stranger = registerIn("elsewhere-" + category, "stranger").get(0);
        String strangersDlq = dev.heed.events.Topics.dlq(dev.heed.events.Topics.acks(stranger.id()));
        TestTopics.create(1, strangersDlq);
        List<TestSystem> recipients = List.of(owner, stranger);
        Directive issued = issue(DirectiveKind.ERASE, Duration.ofDays(1));
        assertThat(issued.tasks()).extracting(DirectiveTask::systemId).containsExactly(owner.id());
        awaitDirective(owner, issued.id(), 1);

        HeedEvent<DirectiveAcknowledgement> foreign = recipients.get(1).acknowledge(issued.id(), AckOutcome.DONE, 1L);
        DirectiveAcknowledgement claimsOwner = new DirectiveAcknowledgement(issued.id(), recipients.get(0).id(),
                AckOutcome.DONE, 1L, null, null, null, Instant.now());
        HeedEvent<DirectiveAcknowledgement> impersonation = new HeedEvent<>(UUID.randomUUID().toString(),
                foreign.source(), foreign.type(), null, Instant.now(), foreign.dataschema(), claimsOwner);
        recipients.get(1).send(impersonation);

        await().atMost(WAIT).until(() -> disposition(impersonation.id()).isPresent());
        assertThat(disposition(foreign.id())).contains(AckDisposition.REJECTED_NOT_RECIPIENT.name());
        assertThat(disposition(impersonation.id())).contains(AckDisposition.REJECTED_SYSTEM_MISMATCH.name());
        assertThat(stateOf(issued.id(), recipients.get(0).id())).isEqualTo(TaskState.PENDING);
        // The stranger can see both refusals on its own acks dead-letter topic, each once.
        Map<String, String> reasons = new java.util.TreeMap<>();
        for (var record : deadLetters(strangersDlq, 2)) {
            reasons.put(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8),
                    new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(foreign.id())).startsWith(AckDisposition.REJECTED_NOT_RECIPIENT.name());
        assertThat(reasons.get(impersonation.id())).startsWith(AckDisposition.REJECTED_SYSTEM_MISMATCH.name());
    }

    /** Reads a dead-letter topic from the start until it holds {@code count} records. */
    private static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> deadLetters(String topic,
            int count) {
        try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", HeedInfra.get().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(WAIT).pollInSameThread().until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.size() >= count;
            });
            return dead;
        }
    }

    @Test
    void aMalformedAcknowledgementIsDeadLetteredAndTheNextOneStillApplies() throws Exception {
        TestSystem sloppy = register("sloppy").get(0);
        String dlq = dev.heed.events.Topics.dlq(dev.heed.events.Topics.acks(sloppy.id()));
        dev.heed.testkit.kafka.TestTopics.create(1, dlq);
        Directive issued = issue(DirectiveKind.ERASE, Duration.ofDays(1));
        awaitDirective(sloppy, issued.id(), 1);
        String badId = UUID.randomUUID().toString();

        sloppy.sendRaw(issued.id().toString(), "{\"directiveId\": 42".getBytes(StandardCharsets.UTF_8), Map.of(
                "ce_specversion", "1.0", "ce_id", badId, "ce_source", "/heed/systems/" + sloppy.id(),
                "ce_type", "dev.heed.directive.acknowledged.v1", "ce_time", Instant.now().toString(),
                "content-type", "application/json"));
        sloppy.acknowledge(issued.id(), AckOutcome.DONE, 2L);

        await().atMost(WAIT).until(() -> find(issued.id()).state() == DirectiveState.COMPLETED);
        try (var reader = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", HeedInfra.get().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(dlq, 0);
            reader.assign(List.of(partition));
            reader.seekToBeginning(List.of(partition));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(WAIT).pollInSameThread().until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
            });
            var record = dead.get(0);
            assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(badId);
            assertThat(record.headers().lastHeader("dead-letter-reason")).isNotNull();
            assertThat(new String(record.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8))
                    .isEqualTo(dev.heed.events.Topics.acks(sloppy.id()));
        }
    }

    @Test
    void aDirectiveWithoutRecipientsCompletesAtOnce() throws Exception {
        Directive issued = issue(DirectiveKind.ERASE, Duration.ofDays(1));

        assertThat(issued.noRecipients()).isTrue();
        assertThat(issued.state()).isEqualTo(DirectiveState.COMPLETED);
        assertThat(find(issued.id()).state()).isEqualTo(DirectiveState.COMPLETED);
        assertThat(settledRequestRow(issued.id())).contains("COMPLETED");
    }

    @Test
    void aFailingSettlementListenerRollsTheAcknowledgementBackUntilItSucceeds() throws Exception {
        TestSystem only = register("strict").get(0);
        Directive issued = issue(DirectiveKind.RESTRICT, Duration.ofDays(1));
        awaitDirective(only, issued.id(), 1);
        settlements.failOnce(issued.id());

        only.acknowledge(issued.id(), AckOutcome.DONE, 1L);

        // The first attempt fails inside the transaction (nothing commits); the consumer retries.
        await().atMost(WAIT).until(() -> find(issued.id()).state() == DirectiveState.COMPLETED);
        assertThat(settledRequestRow(issued.id())).contains("COMPLETED");
        assertThat(count("select count(*) from heed_directives.ack_inbox where directive_id = ?", issued.id()))
                .isEqualTo(1);
    }

    @Test
    void outsideATransactionNothingIsIssued() throws Exception {
        register("careful");
        DirectiveRequest request = DirectiveRequest.about(DirectiveKind.ERASE, subject()).dataCategories(
                Set.of(category));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OnVertx.call(
                        () -> Panache.withSession(() -> issuer.issue(request))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    @Test
    void recordsPastTheirRetentionAreDeletedAndOpenDirectivesKept() throws Exception {
        TestSystem system = register("keeper").get(0);
        Directive settled = issue(DirectiveKind.ERASE, Duration.ofDays(1));
        awaitDirective(system, settled.id(), 1);
        system.acknowledge(settled.id(), AckOutcome.DONE, 1L);
        await().atMost(WAIT).until(() -> find(settled.id()).state() == DirectiveState.COMPLETED);
        await().atMost(WAIT).until(() -> count("select count(*) from heed_platform.outbox o"
                + " join heed_directives.directive_task t on o.event_id = t.id::text"
                + " where t.directive_id = ? and o.sent_at is null", settled.id()) == 0);

        clock.advance(Duration.ofDays(1096));
        Directive open = issue(DirectiveKind.ERASE, Duration.ofDays(30));
        assertThat(run(retention::run)).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER)
                .isPositive();

        assertThat(count("select count(*) from heed_directives.directive where id = ?", settled.id())).isZero();
        assertThat(count("select count(*) from heed_directives.directive_task where directive_id = ?", settled.id()))
                .isZero();
        assertThat(count("select count(*) from heed_directives.ack_inbox where directive_id = ?", settled.id()))
                .isZero();
        assertThat(count("select count(*) from heed_directives.directive where id = ?", open.id())).isEqualTo(1);
        assertThat(count("select count(*) from heed_platform.outbox o join heed_directives.directive_task t"
                + " on o.event_id = t.id::text where t.directive_id = ?", open.id()))
                .as("an unsent or recently sent row stays").isEqualTo(1);
    }

    private List<TestSystem> register(String... names) {
        return registerIn(category, names);
    }

    private List<TestSystem> registerIn(String dataCategory, String... names) {
        List<TestSystem> registered = new ArrayList<>();
        for (String name : names) {
            String id = name + "-" + category.substring(4);
            SystemRegistry.publish(SystemRegistry.active(id, Set.of(dataCategory, "contact"), Set.of("marketing"),
                    Set.of(DirectiveKind.values())));
            TestSystem system = new TestSystem(id);
            systems.add(system);
            registered.add(system);
        }
        await().atMost(WAIT).until(() -> registered.stream().allMatch(s -> registry.system(s.id()).isPresent()));
        return registered;
    }

    private Directive issue(DirectiveKind kind, Duration untilDeadline) {
        DirectiveRequest request = DirectiveRequest.about(kind, subject())
                .dataCategories(Set.of(category))
                .reference("request-" + UUID.randomUUID())
                .deadline(clock.instant().plus(untilDeadline));
        return OnVertx.call(() -> Panache.withTransaction(() -> issuer.issue(request)));
    }

    private AckDisposition byHand(UUID directiveId, String systemId, AckOutcome outcome) {
        return OnVertx.call(() -> Panache.withTransaction(
                () -> acknowledgements.completeByHand(directiveId, systemId, completion(outcome))));
    }

    private static ManualCompletion completion(AckOutcome outcome) {
        return new ManualCompletion(outcome, 4L);
    }

    private static String subject() {
        return KEYS.keyOf("customer-" + UUID.randomUUID());
    }

    private List<HeedEvent<DirectiveIssued>> awaitDirective(TestSystem system, UUID directiveId, int count) {
        await().atMost(WAIT).pollInSameThread().until(() -> system.directives(directiveId).size() >= count);
        return system.directives(directiveId);
    }

    private Directive find(UUID id) {
        return OnVertx.call(() -> queries.find(id)).orElseThrow();
    }

    private TaskState stateOf(UUID directiveId, String systemId) {
        return task(find(directiveId), systemId).state();
    }

    private static DirectiveTask task(Directive directive, String systemId) {
        return directive.tasks().stream().filter(t -> t.systemId().equals(systemId)).findFirst().orElseThrow();
    }

    private static <T> Optional<T> run(Supplier<Uni<Optional<T>>> job) {
        return OnVertx.call(job::get);
    }

    private double overdueCount(String systemId) {
        var counter = meters.find("heed.directives.tasks.overdue").tag("system_id", systemId).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Connection jdbc() throws SQLException {
        HeedInfra infra = HeedInfra.get();
        return DriverManager.getConnection(infra.jdbcUrl("directives"), infra.username(), infra.password());
    }

    private static long count(String sql, UUID id) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static Optional<String> disposition(String ackId) throws SQLException {
        try (Connection c = jdbc();
                PreparedStatement s = c.prepareStatement(
                        "select disposition from heed_directives.ack_inbox where event_id = ?")) {
            s.setString(1, ackId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<String> settledRequestRow(UUID directiveId) throws SQLException {
        try (Connection c = jdbc();
                PreparedStatement s = c.prepareStatement("select state from test_settled_request where directive_id = ?")) {
            s.setObject(1, directiveId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        }
    }

    private static long eventCopiesKept(UUID directiveId) throws SQLException {
        return count("select count(*) from heed_directives.directive_task where directive_id = ?"
                + " and (event_payload is not null or event_headers is not null)", directiveId);
    }

    /** Every column of the directive and its tasks, for before/after comparison. */
    private static String snapshot(UUID directiveId) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (Connection c = jdbc();
                PreparedStatement s = c.prepareStatement("select d.*, t.* from heed_directives.directive d"
                        + " join heed_directives.directive_task t on t.directive_id = d.id where d.id = ?"
                        + " order by t.system_id")) {
            s.setObject(1, directiveId);
            try (ResultSet r = s.executeQuery()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    for (int i = 1; i <= columns; i++) {
                        rows.append(r.getString(i)).append('|');
                    }
                    rows.append('\n');
                }
            }
        }
        return rows.toString();
    }
}
