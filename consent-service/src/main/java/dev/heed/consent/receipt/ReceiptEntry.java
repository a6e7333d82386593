package dev.heed.consent.receipt;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One issued receipt. Rows are only ever inserted, in the transaction of the decision they attest. */
@Entity
@Table(name = "consent_receipt")
public class ReceiptEntry extends PanacheEntityBase {

    @Id
    @Column(name = "receipt_id", updatable = false)
    public UUID receiptId;

    @Column(name = "decision_id", nullable = false, updatable = false)
    public UUID decisionId;

    @Column(name = "ledger_sequence", nullable = false, updatable = false)
    public long ledgerSequence;

    @Column(name = "key_id", nullable = false, updatable = false)
    public String keyId;

    @Column(name = "issued_at", nullable = false, updatable = false)
    public Instant issuedAt;

    @Column(name = "jws", nullable = false, updatable = false)
    public String jws;

    static ReceiptEntry of(IssuedReceipt receipt, RecordedDecision decision, Instant issuedAt) {
        ReceiptEntry entry = new ReceiptEntry();
        entry.receiptId = receipt.id();
        entry.decisionId = decision.decisionId();
        entry.ledgerSequence = decision.ledgerSequence();
        entry.keyId = receipt.keyId();
        entry.issuedAt = issuedAt;
        entry.jws = receipt.jws();
        return entry;
    }
}
