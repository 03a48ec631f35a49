-- Rolling upgrades: signed deployment packages the platform admin registered, and rollouts that send one
-- to a list of gateways one at a time. Packages and rollouts belong to the platform (no property); what a
-- rollout did on a gateway belongs to that gateway's property and is row-level secured like every tenant
-- table, so a property admin reads only the steps on their own gateways.

create table packages (
    package_id  uuid primary key,
    name        text not null check (name ~ '^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$' and length(name) <= 128),
    version     text not null check (version ~ '^[0-9]{1,9}(\.[0-9]{1,9}(\.[0-9]{1,9}(\.[A-Za-z0-9_-]{1,64})?)?)?$'),
    sha256      text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    size        bigint not null check (size > 0),
    content     bytea not null,
    uploaded_by text not null,
    uploaded_at timestamptz not null default now(),
    unique (name, version)
);

create table package_rollouts (
    rollout_id          uuid primary key,
    package_id          uuid not null references packages,
    state               text not null check (state in ('RUNNING', 'COMPLETED', 'STOPPED')),
    -- [{"propertyId": ..., "gatewayId": ...}] in rollout order
    targets             jsonb not null,
    position            integer not null default 0,
    current_command_id  uuid unique,
    current_sent_at     timestamptz,
    step_timeout_seconds integer not null check (step_timeout_seconds between 30 and 86400),
    started_by          text not null,
    started_at          timestamptz not null default now(),
    finished_at         timestamptz,
    stopped_property_id text,
    stopped_gateway_id  text,
    stop_reason         text
);
create index package_rollouts_running on package_rollouts (state) where state = 'RUNNING';

create table package_rollout_steps (
    property_id text not null references properties,
    rollout_id  uuid not null references package_rollouts,
    gateway_id  text not null,
    position    integer not null,
    command_id  uuid not null unique,
    stage       text not null,
    detail      text,
    sent_at     timestamptz not null,
    updated_at  timestamptz not null,
    primary key (property_id, rollout_id, gateway_id),
    foreign key (property_id, gateway_id) references gateways
);

alter table package_rollout_steps enable row level security;
alter table package_rollout_steps force row level security;
create policy tenant_isolation on package_rollout_steps using (property_id = app_current_property())
    with check (property_id = app_current_property());

grant select, insert on packages to ${appRole};
grant select, insert, update on package_rollouts, package_rollout_steps to ${appRole};
