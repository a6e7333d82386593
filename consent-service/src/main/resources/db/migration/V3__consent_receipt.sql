-- Signed consent receipts: one per consent_decision row, issued and inserted in the transaction
-- that records the decision, so no decision commits without its receipt. The receipt itself is
-- the compact JWS (typ consent-receipt+jwt) as signed; key_id names the key that signed it, which
-- stays published at /.well-known/jwks.json after a rotation. Append-only: a row is never updated.
-- Holds no raw identifier: the JWS carries the subject key, never the customer id.
-- Retention: kept as long as the consent ledger (consent_decision) it attests, and deleted only
-- together with the decision it belongs to (the foreign keys enforce that order).
create table consent_receipt (
    receipt_id      uuid        not null,
    decision_id     uuid        not null,
    ledger_sequence bigint      not null,
    key_id          text        not null,
    issued_at       timestamptz not null,
    jws             text        not null,
    constraint consent_receipt_pk primary key (receipt_id),
    -- One receipt per decision.
    constraint consent_receipt_decision_unique unique (decision_id),
    constraint consent_receipt_decision foreign key (decision_id) references consent_decision (id),
    constraint consent_receipt_sequence foreign key (ledger_sequence) references consent_decision (sequence),
    constraint consent_receipt_key_id check (length(key_id) between 1 and 200),
    constraint consent_receipt_jws check (jws ~ '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$')
);

comment on table consent_receipt is 'Signed consent receipts (compact JWS), one per consent_decision row, '
    'inserted in the same transaction. Retention: kept as long as the consent ledger (consent_decision); '
    'never updated, deleted only with its decision.';
