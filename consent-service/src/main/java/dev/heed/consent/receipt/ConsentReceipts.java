package dev.heed.consent.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Issues a receipt for every recorded decision, and finds them again. */
@ApplicationScoped
public class ConsentReceipts {

    private final ReceiptSigner signer;
    private final Clock clock;
    private final ObjectMapper json;
    private final ReceiptRepository stored;

    ConsentReceipts(ReceiptSigner signer, Clock clock, ObjectMapper json, ReceiptRepository stored) {
        this.signer = signer;
        this.clock = clock;
        this.json = json;
        this.stored = stored;
    }

    /**
     * Signs and stores the receipt of {@code decision}. Must run inside the transaction that records
     * the decision: the two commit together or not at all, so no decision lacks its receipt.
     */
    public Uni<IssuedReceipt> issue(RecordedDecision decision) {
        UUID receiptId = UUID.randomUUID();
        // Seconds, as iat carries it: the stored time and the signed one agree exactly.
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        IssuedReceipt receipt = signer.sign(receiptId, issuedAt, decision);
        return stored.persist(ReceiptEntry.of(receipt, decision, issuedAt)).replaceWith(receipt);
    }

    public Uni<Optional<ConsentReceipt>> find(UUID receiptId) {
        return Panache.withSession(() -> stored.findById(receiptId))
                .map(entry -> Optional.ofNullable(entry).map(this::view));
    }

    private ConsentReceipt view(ReceiptEntry entry) {
        return new ConsentReceipt(entry.receiptId, entry.keyId, entry.issuedAt, entry.decisionId, entry.ledgerSequence,
                entry.jws, claimsOf(entry.jws));
    }

    /** The payload as signed; read, not verified: the reader verifies the JWS against the published keys. */
    private JsonNode claimsOf(String jws) {
        String payload = jws.substring(jws.indexOf('.') + 1, jws.lastIndexOf('.'));
        try {
            return json.readTree(Base64.getUrlDecoder().decode(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
