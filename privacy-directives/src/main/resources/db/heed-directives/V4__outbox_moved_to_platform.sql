-- The outbox belongs to the service platform now (schema heed_platform, migrated first). Rows the
-- relay had not published yet move across in their order; sent ones are only kept for retention.
insert into heed_platform.outbox (topic, message_key, event_id, event_type, headers, payload, created_at)
    select topic, message_key, event_id, event_type, headers, payload, created_at
    from heed_directives.outbox where sent_at is null order by id;
drop table heed_directives.outbox;
drop function heed_directives.notify_outbox();
