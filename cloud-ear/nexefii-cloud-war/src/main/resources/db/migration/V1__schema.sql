-- Nexefii cloud schema. Run by Flyway as the owner role; the application connects as ${appRole},
-- which owns nothing, is neither superuser nor BYPASSRLS, and sees only the rows of the property
-- bound to its transaction with set_config('app.property_id', ..., true).

create function app_current_property() returns text
    language sql stable
as $$ select nullif(current_setting('app.property_id', true), '') $$;

create table properties (
    property_id    text primary key check (property_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name           text not null check (length(name) between 1 and 200),
    lockdown       boolean not null default false,
    policy_version bigint not null default 0,
    created_at     timestamptz not null default now()
);

create table zones (
    property_id text not null references properties,
    zone_id     text not null check (zone_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text not null,
    kind        text not null check (kind in ('ROOM', 'AREA', 'STAFF', 'PERIMETER')),
    lockdown    boolean not null default false,
    primary key (property_id, zone_id)
);

create table gateways (
    property_id      text not null references properties,
    gateway_id       text not null check (gateway_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    cert_fingerprint text not null unique check (cert_fingerprint ~ '^[0-9a-f]{64}$'),
    status           text not null default 'REGISTERED' check (status in ('REGISTERED', 'ONLINE', 'OFFLINE')),
    last_seen        timestamptz,
    versions         jsonb not null default '{}',
    last_seq         bigint,
    seq_gaps         bigint not null default 0,
    duplicates       bigint not null default 0,
    registered_at    timestamptz not null default now(),
    primary key (property_id, gateway_id)
);

create table locks (
    property_id     text not null references properties,
    lock_id         text not null check (lock_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'),
    gateway_id      text not null,
    zone_id         text,
    protocol        text,
    model           text,
    bolt_state      text not null default 'UNKNOWN',
    door_state      text not null default 'UNKNOWN',
    battery_percent integer check (battery_percent between 0 and 100),
    online          boolean not null default false,
    updated_at      timestamptz not null default now(),
    primary key (property_id, lock_id),
    foreign key (property_id, gateway_id) references gateways,
    foreign key (property_id, zone_id) references zones
);

create table stays (
    property_id  text not null references properties,
    stay_id      uuid not null,
    holder       text not null,
    room_zone_id text,
    lock_ids     text[] not null,
    valid_from   timestamptz not null,
    valid_until  timestamptz not null,
    status       text not null check (status in ('CHECKED_IN', 'CHECKED_OUT')),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (property_id, stay_id),
    check (valid_until > valid_from)
);
create index stays_holder on stays (property_id, holder);

-- Which zones a staff role may open (e.g. housekeeping -> floor-1); Keycloak holds who has the role.
create table staff_zone_roles (
    property_id text not null references properties,
    role        text not null check (role ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    zone_id     text not null,
    primary key (property_id, role, zone_id),
    foreign key (property_id, zone_id) references zones
);

create table credentials (
    property_id   text not null references properties,
    credential_id uuid not null,
    stay_id       uuid,
    holder        text not null,
    lock_ids      text[] not null,
    not_before    timestamptz not null,
    expires_at    timestamptz not null,
    issued_at     timestamptz not null,
    revoked_at    timestamptz,
    primary key (property_id, credential_id),
    foreign key (property_id, stay_id) references stays
);
create index credentials_holder on credentials (property_id, holder);

create table revocations (
    property_id   text not null references properties,
    credential_id uuid not null,
    expires_at    timestamptz not null,
    revoked_at    timestamptz not null,
    revoked_by    text not null,
    reason        text,
    primary key (property_id, credential_id),
    foreign key (property_id, credential_id) references credentials
);

create table commands (
    property_id     text not null references properties,
    command_id      uuid not null,
    gateway_id      text not null,
    lock_id         text,
    type            text not null,
    params          jsonb not null default '{}',
    state           text not null check (state in ('QUEUED', 'SENT', 'ACKED', 'DONE', 'FAILED', 'EXPIRED')),
    outcome         text,
    issued_by       text not null,
    issued_at       timestamptz not null,
    expires_at      timestamptz not null,
    sent_at         timestamptz,
    completed_at    timestamptz,
    idempotency_key text,
    primary key (property_id, command_id),
    unique (property_id, idempotency_key),
    foreign key (property_id, gateway_id) references gateways
);
create index commands_pending on commands (property_id, gateway_id, issued_at) where state in ('QUEUED', 'SENT', 'ACKED');

create table audit_events (
    event_id    uuid primary key,
    property_id text not null references properties,
    source      text not null check (source in ('GATEWAY', 'CLOUD')),
    gateway_id  text,
    lock_id     text,
    seq         bigint,
    type        text not null,
    priority    text not null check (priority in ('SECURITY', 'NORMAL', 'TELEMETRY')),
    occurred_at timestamptz not null,
    received_at timestamptz not null default now(),
    actor       text,
    command_id  uuid,
    outcome     text,
    attributes  jsonb not null default '{}'
);
create index audit_events_time on audit_events (property_id, occurred_at desc);
create index audit_events_seq on audit_events (property_id, gateway_id, seq);
create index audit_events_actor on audit_events (property_id, actor, occurred_at desc);

-- Append-only, for every role including the owner: corrections are new events.
create function audit_events_append_only() returns trigger
    language plpgsql
as $$ begin raise exception 'audit_events is append-only'; end $$;
create trigger audit_events_no_update before update or delete on audit_events
    for each row execute function audit_events_append_only();

create table webhooks (
    property_id text not null references properties,
    webhook_id  uuid not null,
    url         text not null,
    event_types text[] not null,
    secret      text not null,
    active      boolean not null default true,
    created_at  timestamptz not null default now(),
    primary key (property_id, webhook_id)
);

create table webhook_deliveries (
    property_id      text not null references properties,
    delivery_id      uuid not null,
    webhook_id       uuid not null,
    event_id         uuid not null,
    event_type       text not null,
    payload          text not null,
    status           text not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz,
    primary key (property_id, delivery_id),
    unique (webhook_id, event_id),
    foreign key (property_id, webhook_id) references webhooks
);
create index webhook_deliveries_due on webhook_deliveries (property_id, next_attempt_at) where status = 'PENDING';

-- Row-level security: every tenant-owned table is visible and writable only for the property bound
-- to the transaction. FORCE makes the policies apply to the table owner too (except properties).
do $$
declare t text;
begin
    foreach t in array array['zones', 'gateways', 'locks', 'stays', 'staff_zone_roles', 'credentials',
                             'revocations', 'commands', 'audit_events', 'webhooks', 'webhook_deliveries']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (property_id = app_current_property()) '
                       'with check (property_id = app_current_property())', t);
    end loop;
end $$;

-- Not FORCEd: the owner (running app_property_ids below) must see every property id.
alter table properties enable row level security;
create policy tenant_isolation on properties
    using (property_id = app_current_property())
    with check (property_id = app_current_property());

-- Background work needs the list of tenants to walk them one at a time, but nothing else across
-- tenants: this function (running as the owner) returns ids only.
create function app_property_ids() returns setof text
    language sql stable security definer set search_path = public
as $$ select property_id from properties order by property_id $$;
revoke all on function app_property_ids() from public;

-- Least privilege, explicitly (whatever default privileges the database was given): no DELETE
-- except on role assignments, no UPDATE on the audit trail, no TRUNCATE anywhere.
revoke all on all tables in schema public from ${appRole};
grant usage on schema public to ${appRole};
grant select, insert, update on properties, zones, gateways, locks, stays, staff_zone_roles, credentials,
    revocations, commands, webhooks, webhook_deliveries to ${appRole};
grant delete on staff_zone_roles to ${appRole};
grant select, insert on audit_events to ${appRole};
grant execute on function app_property_ids() to ${appRole};
grant execute on function app_current_property() to ${appRole};
