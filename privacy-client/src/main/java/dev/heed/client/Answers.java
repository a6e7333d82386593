package dev.heed.client;

import static java.time.temporal.ChronoUnit.MILLIS;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/** Turns handler results into acknowledgement events and keeps them in the store. */
final class Answers {

    /** One kind's handling, from the typed view to the stored answer. */
    @FunctionalInterface
    interface Answering {
        HeedEvent<DirectiveAcknowledgement> answer(Directive directive, Answers answers) throws Exception;
    }

    @FunctionalInterface
    interface TransactionWork {
        DirectiveResult handle(Connection transaction) throws Exception;
    }

    private final String systemId;
    private final Clock clock;
    private final AcknowledgementStore store;
    private final ExportUploader uploader;

    Answers(String systemId, Clock clock, AcknowledgementStore store, ExportUploader uploader) {
        this.systemId = systemId;
        this.clock = clock;
        this.store = store;
        this.uploader = uploader;
    }

    Optional<HeedEvent<DirectiveAcknowledgement>> stored(UUID directiveId) {
        return store.find(systemId, directiveId);
    }

    HeedEvent<DirectiveAcknowledgement> store(HeedEvent<DirectiveAcknowledgement> acknowledgement) {
        return store.storeIfAbsent(acknowledgement);
    }

    HeedEvent<DirectiveAcknowledgement> of(Directive directive, DirectiveResult result) {
        if (result instanceof DirectiveResult.Done done) {
            return event(directive.directiveId(), AckOutcome.DONE, done.recordsAffected(), null, null, null);
        }
        if (result instanceof DirectiveResult.NotApplicable notApplicable) {
            return event(directive.directiveId(), AckOutcome.NOT_APPLICABLE, null, notApplicable.reason(), null, null);
        }
        if (result instanceof DirectiveResult.Failed failed) {
            return failed(directive, failed.reason());
        }
        throw new IllegalStateException("the " + directive.kind() + " handler returned no result");
    }

    HeedEvent<DirectiveAcknowledgement> notHandled(Directive directive) {
        return event(directive.directiveId(), AckOutcome.NOT_APPLICABLE, null,
                "system " + systemId + " does not handle " + directive.kind(), null, null);
    }

    /** A directive of a kind this client does not know (newer than it): the kind itself is not echoed. */
    HeedEvent<DirectiveAcknowledgement> unknownKind(UUID directiveId) {
        return event(directiveId, AckOutcome.NOT_APPLICABLE, null,
                "system " + systemId + " does not know this directive kind", null, null);
    }

    HeedEvent<DirectiveAcknowledgement> failed(Directive directive, String reason) {
        return event(directive.directiveId(), AckOutcome.FAILED, null, Reasons.required(reason), null, null);
    }

    /** Produces, uploads, then answers with the upload's reference and hash. */
    HeedEvent<DirectiveAcknowledgement> export(Export export, ExportHandler handler) throws Exception {
        ExportResult result = handler.export(export);
        if (result instanceof ExportResult.Exported exported) {
            String sha256 = sha256(exported.data());
            String reference = uploader.upload(export, exported.data(), exported.contentType(), sha256);
            if (reference == null || reference.isBlank()) {
                throw new IllegalStateException("the export uploader returned no reference");
            }
            return store(event(export.directiveId(), AckOutcome.DONE, exported.recordsAffected(), null, reference,
                    sha256));
        }
        if (result instanceof DirectiveResult.NotApplicable notApplicable) {
            return store(of(export, notApplicable));
        }
        if (result instanceof DirectiveResult.Failed failed) {
            return store(of(export, failed));
        }
        throw new IllegalStateException("the EXPORT handler returned no result");
    }

    /** Runs the handler and stores its answer in one transaction of the store's database. */
    HeedEvent<DirectiveAcknowledgement> inTransaction(Directive directive, TransactionWork work) throws Exception {
        JdbcAcknowledgementStore jdbc = (JdbcAcknowledgementStore) store;
        try (Connection transaction = jdbc.dataSource().getConnection()) {
            boolean autoCommit = transaction.getAutoCommit();
            transaction.setAutoCommit(false);
            try {
                HeedEvent<DirectiveAcknowledgement> stored = jdbc.storeIfAbsent(transaction,
                        of(directive, work.handle(transaction)));
                transaction.commit();
                return stored;
            } catch (Exception | Error e) {
                rollback(transaction, e);
                throw e;
            } finally {
                // A pooled connection goes back as it came.
                transaction.setAutoCommit(autoCommit);
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static void rollback(Connection transaction, Throwable cause) {
        try {
            transaction.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    // Millisecond precision survives every database's timestamp, so a stored answer is re-sent unchanged.
    private HeedEvent<DirectiveAcknowledgement> event(UUID directiveId, AckOutcome outcome, Long recordsAffected,
            String reason, String exportReference, String exportSha256) {
        Instant now = clock.instant().truncatedTo(MILLIS);
        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(directiveId, systemId, outcome, recordsAffected,
                reason, exportReference, exportSha256, now);
        return HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, Application.systemSource(systemId), now, ack);
    }
}
