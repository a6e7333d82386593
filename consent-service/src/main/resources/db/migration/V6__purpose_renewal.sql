-- The latest version of a purpose that required re-consent (1 when none did): a grant to an
-- earlier version needs renewal. Kept per row so that the compacted purposes topic, which holds
-- only the latest version, can carry it, and a consent check needs no history to evaluate it.
alter table purpose_version add column renewal_from_version integer;
update purpose_version p set renewal_from_version = coalesce(
    (select max(r.version) from purpose_version r
     where r.purpose_id = p.purpose_id and r.version <= p.version and r.requires_reconsent), 1);
alter table purpose_version alter column renewal_from_version set not null;
alter table purpose_version add constraint purpose_version_renewal
    check (renewal_from_version between 1 and version);
