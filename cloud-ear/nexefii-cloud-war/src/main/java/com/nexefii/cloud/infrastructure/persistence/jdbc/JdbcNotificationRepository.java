package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.notification.NotificationRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class JdbcNotificationRepository implements NotificationRepository {

    /** PostgreSQL channel the publisher listens on; NOTIFY is delivered only when the writer commits. */
    public static final String CHANNEL = "nexefii_notifications";

    private static final String COLUMNS = "property_id, notification_id, audit_event_id, audience_kind, audience, kind,"
            + " payload::text, created_at";

    private Statements sql;

    protected JdbcNotificationRepository() {
    }

    @Inject
    public JdbcNotificationRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public void add(PropertyId propertyId, Collection<Notification> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        List<String> events = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> audiences = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Notification n : notifications) {
            if (!n.propertyId().equals(propertyId)) {
                throw new IllegalArgumentException("notification for " + n.propertyId() + " in " + propertyId);
            }
            events.add(n.auditEventId().toString());
            kinds.add(n.audience().kind().name());
            audiences.add(n.audience().name());
            types.add(n.kind());
            payloads.add(n.payload());
        }
        // numbered at insert under the property's lock, held until this transaction commits: ids of a
        // property are then committed in id order, so a reader that saw id n has seen every id below it.
        // Written once per audit record just inserted (AuditAppended), so nothing here can be a duplicate.
        sql.list("select pg_advisory_xact_lock(hashtextextended('nexefii-notifications/' || ?, 0))", rs -> null,
                propertyId);
        sql.update("insert into notifications (property_id, notification_id, audit_event_id, audience_kind, audience,"
                + " kind, payload) select ?, nextval('notification_ids'), e::uuid, ak, a, k, p::jsonb"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as x(e, ak, a, k, p)",
                propertyId, new Statements.TextArray(events), new Statements.TextArray(kinds),
                new Statements.TextArray(audiences), new Statements.TextArray(types), new Statements.TextArray(payloads));
        sql.list("select pg_notify(?, ?)", rs -> null, CHANNEL, propertyId.value());
    }

    @Override
    public List<Notification> committedAfter(PropertyId propertyId, long afterId, int max) {
        return sql.list("select " + COLUMNS + " from notifications where property_id = ? and notification_id > ?"
                + " order by notification_id limit ?", JdbcNotificationRepository::notification, propertyId, afterId, max);
    }

    @Override
    public long lastId(PropertyId propertyId) {
        return sql.one("select coalesce(max(notification_id), 0) from notifications where property_id = ?",
                rs -> rs.getLong(1), propertyId).orElse(0L);
    }

    @Override
    public List<Notification> after(PropertyId propertyId, Set<Audience> audiences, long afterId, int limit) {
        return sql.list("select " + COLUMNS + " from notifications where property_id = ? and notification_id > ?"
                + audienceFilter(audiences) + " order by notification_id limit ?", JdbcNotificationRepository::notification,
                params(propertyId, afterId, audiences, limit));
    }

    @Override
    public List<Notification> latest(PropertyId propertyId, Set<Audience> audiences, int limit) {
        return sql.list("select " + COLUMNS + " from notifications where property_id = ? and notification_id > ?"
                + audienceFilter(audiences) + " order by notification_id desc limit ?",
                JdbcNotificationRepository::notification, params(propertyId, 0L, audiences, limit));
    }

    @Override
    public List<Notification> latest(PropertyId propertyId, Set<Audience> audiences, Set<String> kinds, int limit) {
        if (kinds.isEmpty()) {
            return latest(propertyId, audiences, limit);
        }
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(params(propertyId, 0L, audiences, limit)));
        Object limitParam = params.remove(params.size() - 1);
        params.addAll(kinds);
        params.add(limitParam);
        return sql.list("select " + COLUMNS + " from notifications where property_id = ? and notification_id > ?"
                + audienceFilter(audiences) + " and kind in (" + String.join(", ", kinds.stream().map(k -> "?").toList())
                + ") order by notification_id desc limit ?", JdbcNotificationRepository::notification, params.toArray());
    }

    @Override
    public int deleteOlderThan(PropertyId propertyId, Instant before) {
        return sql.update("delete from notifications where property_id = ? and created_at < ? and notification_id is not null",
                propertyId, before);
    }

    private static String audienceFilter(Set<Audience> audiences) {
        if (audiences.isEmpty()) {
            return " and false";
        }
        return " and (" + String.join(" or ", audiences.stream().map(a -> "(audience_kind = ? and audience = ?)").toList())
                + ")";
    }

    private static Object[] params(PropertyId propertyId, long afterId, Set<Audience> audiences, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(propertyId);
        params.add(afterId);
        for (Audience a : audiences) {
            params.add(a.kind().name());
            params.add(a.name());
        }
        params.add(limit);
        return params.toArray();
    }

    private static String prefixed(String alias) {
        return String.join(", ", java.util.Arrays.stream(COLUMNS.split(",\\s*")).map(c -> alias + "." + c).toList());
    }

    private static Notification notification(ResultSet rs) throws SQLException {
        long id = rs.getLong(2);
        return new Notification(new PropertyId(rs.getString(1)), rs.wasNull() ? null : id, rs.getObject(3, UUID.class),
                new Audience(Audience.Kind.valueOf(rs.getString(4)), rs.getString(5)), rs.getString(6), rs.getString(7),
                JsonColumns.instant(rs.getTimestamp(8)));
    }
}
