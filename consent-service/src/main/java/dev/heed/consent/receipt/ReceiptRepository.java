package dev.heed.consent.receipt;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The {@code consent_receipt} table: receipts are stored once and found by id. */
@ApplicationScoped
public class ReceiptRepository implements PanacheRepositoryBase<ReceiptEntry, UUID> {
}
