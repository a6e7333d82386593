-- Fixed-window request counters of the open /public/v1 routes, shared by every replica. A client is
-- known only by an HMAC of its address (keyed with the installation's subject-key secret), never by
-- the address itself. Retention: a window's row is deleted by the leader's cleanup job once the
-- window has ended (heed.dsr.public.rate-limit.cleanup-every).
create table public_rate_window (
    client_key     text        not null,
    route_group    text        not null,
    window_start   timestamptz not null,
    window_ends_at timestamptz not null,
    request_count  integer     not null,
    primary key (client_key, route_group, window_start)
);
create index public_rate_window_ends_idx on public_rate_window (window_ends_at);
comment on table public_rate_window is
    'Requests per client (HMAC of its address, no raw address) and route group in one fixed window; '
    'deleted once the window ended.';
