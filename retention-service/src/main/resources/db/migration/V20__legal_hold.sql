-- Legal holds placed over the API. Active ones are also on the compacted privacy.legal-holds.v1
-- (subject keys only); a release tombstones that record and is kept here with who and why.
-- customer_ids holds the raw customer ids of a SUBJECT or CASE hold, in the order of
-- subject_keys: purge directives to one system's own topic name them. It never leaves this
-- database otherwise, and is cleared when the hold is released.
-- Retention: rows are kept as the record of the hold (subject keys, no identities once released).
create table legal_hold (
    id              uuid        primary key,
    scope           text        not null check (scope in ('SUBJECT', 'DATA_CATEGORY', 'CASE')),
    case_reference  text        not null,
    reason          text        not null,
    subject_keys    text[]      not null,
    customer_ids    text[]      not null,
    data_categories text[]      not null,
    placed_by       text        not null,
    placed_at       timestamptz not null,
    review_date     date,
    released_by     text,
    release_reason  text,
    released_at     timestamptz,
    version         bigint      not null,
    constraint legal_hold_released_whole check ((released_at is null) = (released_by is null)),
    constraint legal_hold_released_forgets check (released_at is null or cardinality(customer_ids) = 0)
);
create index legal_hold_active on legal_hold (placed_at) where released_at is null;
comment on table legal_hold is
    'Legal holds, active and released; customer_ids is cleared on release. Kept as the record of the hold.';
