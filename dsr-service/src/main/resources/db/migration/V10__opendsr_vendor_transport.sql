-- A registered system may be a vendor reached by OpenDSR 2.0 over HTTP instead of Kafka: its base
-- URL is kept with it (set exactly for transport OPENDSR). Holds no personal data.
alter table registered_system add column opendsr_base_url text;
alter table registered_system drop constraint registered_system_transport;
alter table registered_system add constraint registered_system_transport check (
    (transport = 'KAFKA' and opendsr_base_url is null)
    or (transport = 'OPENDSR' and opendsr_base_url is not null));
