-- Subjects erased by a data-subject request (dev.heed.dsr.subject-erased.v1 from dsr-service).
-- An erased subject stays suppressed: new grants are refused; withdrawals, objections and opt-outs
-- are still recorded, but publish no consent state (its keys are tombstoned). Holds the subject key
-- only, never an identity.
create table erased_subject (
    subject_key text        primary key,
    -- The erasure request that erased the subject (its first SubjectErased event).
    request_id  uuid        not null,
    erased_at   timestamptz not null,
    recorded_at timestamptz not null,
    constraint erased_subject_subject_key check (subject_key ~ '^k[0-9]{1,9}:[A-Za-z0-9_-]{43}$')
);
comment on table erased_subject is
    'Subjects erased by a data-subject request, so they stay suppressed (no new grants, no consent state). '
    'Retention: kept as long as the consent ledger keeps rows of the subject (consent_decision, kept while '
    'consent must be proven): deleting it earlier would let a new grant bring the subject back.';
