-- Data-subject requests: a customer exercising a right (access, erasure, ...), from receipt to its
-- end. The subject is held as the subject key only. identities (the verified e-mail addresses or
-- phone numbers a request was made with) and parameters (e.g. corrected values) are personal
-- data: they are kept only while the request is open and cleared when it closes.
-- Retention: a closed request is kept as proof of how it was answered (no identities left in it).
create table subject_request (
    id                  uuid        primary key,
    request_type        text        not null,
    regulation          text        not null,
    status              text        not null,
    subject_key         text,
    identities          text,
    parameters          text,
    purpose_id          text,
    received_at         timestamptz not null,
    due_at              timestamptz not null,
    extended_due_at     timestamptz,
    extension_reason    text,
    verified_at         timestamptz,
    verification_method text,
    verified_by         text,
    verification_note   text,
    approval_required   boolean     not null,
    approved_by         text,
    approved_at         timestamptz,
    directive_id        uuid,
    closed_at           timestamptz,
    close_reason        text,
    submitted_by        text        not null,
    -- A request filed while the same subject had one of the same type open: closed, pointing to it.
    duplicate_of        uuid        references subject_request (id),
    version             integer     not null,
    constraint subject_request_type check (request_type in ('ACCESS', 'PORTABILITY', 'ERASURE', 'RECTIFICATION',
        'RESTRICTION', 'OBJECTION', 'OPT_OUT_OF_SALE')),
    constraint subject_request_regulation check (regulation in ('GDPR', 'UK_GDPR', 'CCPA', 'LGPD')),
    constraint subject_request_status check (status in ('RECEIVED', 'AWAITING_VERIFICATION', 'VERIFIED',
        'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'PARTIALLY_COMPLETED', 'REJECTED', 'CANCELLED')),
    constraint subject_request_subject_key check (subject_key ~ '^k[0-9]{1,9}:[A-Za-z0-9_-]{43}$'),
    constraint subject_request_verification check (verification_method in ('CODE', 'OPERATOR')),
    constraint subject_request_closed_clean check (closed_at is null or (identities is null and parameters is null))
);

-- Open requests of a subject (duplicates are linked, not fanned out twice).
create index subject_request_open_subject on subject_request (subject_key, request_type) where closed_at is null;
-- The overdue listing: open requests by deadline.
create index subject_request_open_due on subject_request (coalesce(extended_due_at, due_at)) where closed_at is null;
create unique index subject_request_directive on subject_request (directive_id) where directive_id is not null;
