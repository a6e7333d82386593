-- A tombstone (a record without a value) deletes its key from a compacted topic, e.g. an erased
-- subject's consent state: such an outbox row has no payload.
alter table heed_directives.outbox alter column payload drop not null;
comment on column heed_directives.outbox.payload is
    'The record value: the event data as JSON, or null for a tombstone (headers then empty).';
