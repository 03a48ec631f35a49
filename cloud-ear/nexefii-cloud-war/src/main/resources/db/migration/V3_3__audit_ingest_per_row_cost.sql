-- Audit ingest paid, per row, for work nothing needs (bench/FINDINGS.md, "Scenario 6, ingest3").

-- 1. Notifications are numbered as they are written (NotificationService: under a per-property lock
-- held until the writing transaction commits), not written unnumbered and rewritten by a numbering
-- pump: the partial index that found unnumbered rows goes, and rows still waiting for a number get
-- theirs now, in the order the pump would have given them.
update notifications n set notification_id = o.id
from (select property_id, audit_event_id, audience_kind, audience, nextval('notification_ids') id
      from (select property_id, audit_event_id, audience_kind, audience from notifications
            where notification_id is null order by created_at, audit_event_id) pending) o
where n.property_id = o.property_id and n.audit_event_id = o.audit_event_id
  and n.audience_kind = o.audience_kind and n.audience = o.audience;
drop index notifications_unsequenced;
alter table notifications alter column notification_id set not null;
-- The id is now the key: the old key (property, audit event, audience) deduplicated nothing (rows are
-- written once, for audit records just inserted) but cost an insert at a random place of a wide index
-- per row; ids grow, so their index is only ever appended to.
alter table notifications drop constraint notifications_pkey;
alter table notifications drop constraint notifications_notification_id_key;
alter table notifications add primary key (notification_id);

-- 2. The foreign keys of the two ingest tables to properties ran one lookup with a FOR KEY SHARE row
-- lock of the property per inserted row. The same integrity now costs one set-based check per
-- statement, and a property can no longer be deleted or renamed at all (the app role never could: it
-- has no DELETE; this holds for the owner too), so a row that named an existing property keeps
-- naming one. The other tenant tables keep their foreign keys: they are written a row at a time.
alter table audit_events drop constraint audit_events_property_id_fkey;
alter table notifications drop constraint notifications_property_id_fkey;

create function rows_name_existing_property() returns trigger
    language plpgsql
as $$
begin
    if exists (select 1 from inserted i where not exists (select 1 from properties p where p.property_id = i.property_id)) then
        raise exception 'insert into % names a property that does not exist', tg_table_name
            using errcode = 'foreign_key_violation';
    end if;
    return null;
end $$;
create trigger audit_events_property_exists after insert on audit_events
    referencing new table as inserted for each statement execute function rows_name_existing_property();
create trigger notifications_property_exists after insert on notifications
    referencing new table as inserted for each statement execute function rows_name_existing_property();

create function properties_are_kept() returns trigger
    language plpgsql
as $$ begin raise exception 'properties are never deleted or renamed: audit records name them'
    using errcode = 'restrict_violation'; end $$;
create trigger properties_kept before delete or update of property_id on properties
    for each row execute function properties_are_kept();

-- 3. No query reads audit_events by (property_id, gateway_id, seq): a gateway's sequence is checked
-- against gateways.last_seq. Event-id dedup (primary key), time-ordered search and the per-actor
-- history (the other two indexes) stay.
drop index audit_events_seq;
