-- Notifications of the live stream (GET /api/v1/notifications/stream). Rows are written in the
-- transaction of the audit records they come from, without an id; one sequencer numbers them after
-- commit (NotificationService), so ids grow in the order the stream publishes them and
-- "id > Last-Event-ID" replays exactly what a reconnecting client missed.
create sequence notification_ids;

create table notifications (
    property_id     text not null references properties,
    notification_id bigint unique,
    audit_event_id  uuid not null,
    audience_kind   text not null check (audience_kind in ('USER', 'STAFF')),
    audience        text not null check (length(audience) between 1 and 256),
    kind            text not null check (kind ~ '^[a-z][a-z-]{0,31}$'),
    payload         jsonb not null,
    created_at      timestamptz not null default clock_timestamp(),
    primary key (property_id, audit_event_id, audience_kind, audience)
);
create index notifications_unsequenced on notifications (property_id, created_at) where notification_id is null;
create index notifications_audience on notifications (property_id, audience_kind, audience, notification_id);

alter table notifications enable row level security;
alter table notifications force row level security;
create policy tenant_isolation on notifications using (property_id = app_current_property())
    with check (property_id = app_current_property());

-- delete: retention of old notifications (they are a copy; the audit trail stays complete)
grant select, insert, update, delete on notifications to ${appRole};
grant usage on sequence notification_ids to ${appRole};
