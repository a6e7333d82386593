-- Whether processing for a purpose sells or shares personal information (CCPA/CPRA): an opt-out of
-- sale or sharing denies every such purpose. Earlier versions said nothing about it: false.
alter table purpose_version add column sale_or_sharing boolean not null default false;
alter table purpose_version alter column sale_or_sharing drop default;

-- Decisions forwarded by dsr-service from a verified data-subject request (an opt-out of sale or
-- sharing); the collector names the request.
alter table consent_decision drop constraint consent_decision_channel;
alter table consent_decision add constraint consent_decision_channel check (channel in ('WEB', 'APP',
    'SUPPORT_AGENT', 'PHONE', 'EMAIL', 'IMPORT', 'DATA_SUBJECT_REQUEST'));

-- Opt-outs of sale or sharing forwarded by dsr-service (dev.heed.dsr.opt-out-requested.v1), one row
-- per event applied, in the transaction that records its decisions: a redelivered event finds its
-- row and changes nothing. Holds the subject key only, never an identity.
create table dsr_opt_out (
    -- The CloudEvents id of the event.
    event_id    text        primary key,
    request_id  uuid        not null,
    subject_key text        not null,
    -- How many purposes that sell or share the opt-out denied.
    purposes    integer     not null,
    recorded_at timestamptz not null,
    constraint dsr_opt_out_subject_key check (subject_key ~ '^k[0-9]{1,9}:[A-Za-z0-9_-]{43}$')
);
comment on table dsr_opt_out is
    'Opt-outs of sale or sharing applied from dsr-service''s events, by CloudEvents id, so a redelivery '
    'records nothing twice. Retention: kept as long as the consent ledger keeps the decisions they recorded.';
