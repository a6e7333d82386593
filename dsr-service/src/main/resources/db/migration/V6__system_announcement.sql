-- A system using privacy-client announces itself at start-up: when it last did, and with which
-- client version. Both stay null for a system only an administrator registered.
alter table registered_system
    add column announced_at   timestamptz,
    add column client_version text;
