package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.webhook.DeliveryStatus;
import com.nexefii.cloud.domain.model.webhook.Webhook;
import com.nexefii.cloud.domain.model.webhook.WebhookDelivery;
import com.nexefii.cloud.domain.model.webhook.WebhookRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class JdbcWebhookRepository implements WebhookRepository {

    private static final String WEBHOOK = "property_id, webhook_id, url, event_types, secret, active, created_at";
    private static final String DELIVERY = "property_id, delivery_id, webhook_id, event_id, event_type, payload, status,"
            + " attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at";

    private Statements sql;

    protected JdbcWebhookRepository() {
    }

    @Inject
    public JdbcWebhookRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public void add(Webhook w) {
        sql.update("insert into webhooks (property_id, webhook_id, url, event_types, secret, active, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)",
                w.propertyId(), w.webhookId(), w.url().toString(), new Statements.TextArray(List.copyOf(w.eventTypes())),
                w.secret(), w.active(), w.createdAt());
    }

    @Override
    public Optional<Webhook> find(PropertyId propertyId, UUID webhookId) {
        return sql.one("select " + WEBHOOK + " from webhooks where property_id = ? and webhook_id = ?",
                JdbcWebhookRepository::webhook, propertyId, webhookId);
    }

    @Override
    public List<Webhook> list(PropertyId propertyId) {
        return sql.list("select " + WEBHOOK + " from webhooks where property_id = ? order by created_at",
                JdbcWebhookRepository::webhook, propertyId);
    }

    @Override
    public void deactivate(PropertyId propertyId, UUID webhookId) {
        sql.update("update webhooks set active = false where property_id = ? and webhook_id = ?", propertyId, webhookId);
    }

    @Override
    public void addDelivery(WebhookDelivery d) {
        sql.update("insert into webhook_deliveries (property_id, delivery_id, webhook_id, event_id, event_type, payload,"
                + " status, attempts, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (webhook_id, event_id) do nothing",
                d.propertyId(), d.deliveryId(), d.webhookId(), d.eventId(), d.eventType(), d.payload(), d.status(),
                d.attempts(), d.nextAttemptAt(), d.createdAt());
    }

    @Override
    public List<WebhookDelivery> dueDeliveries(PropertyId propertyId, Instant now, int limit) {
        return sql.list("select " + DELIVERY + " from webhook_deliveries where property_id = ? and status = 'PENDING'"
                + " and next_attempt_at <= ? order by next_attempt_at limit ? for update skip locked",
                JdbcWebhookRepository::delivery, propertyId, now, limit);
    }

    @Override
    public void recordAttempt(PropertyId propertyId, UUID deliveryId, DeliveryStatus status, Integer statusCode,
            String error, Instant nextAttemptAt, Instant at) {
        sql.update("update webhook_deliveries set status = ?, attempts = attempts + 1, last_status_code = ?,"
                + " last_error = ?, next_attempt_at = coalesce(?, next_attempt_at),"
                + " delivered_at = case when ? = 'DELIVERED' then ? else delivered_at end"
                + " where property_id = ? and delivery_id = ?",
                status, statusCode, error, nextAttemptAt, status, at, propertyId, deliveryId);
    }

    @Override
    public void recordLease(PropertyId propertyId, UUID deliveryId, Instant leaseUntil) {
        sql.update("update webhook_deliveries set next_attempt_at = ? where property_id = ? and delivery_id = ?",
                leaseUntil, propertyId, deliveryId);
    }

    @Override
    public List<WebhookDelivery> deliveries(PropertyId propertyId, UUID webhookId, int limit) {
        return sql.list("select " + DELIVERY + " from webhook_deliveries where property_id = ? and webhook_id = ?"
                + " order by created_at desc limit ?", JdbcWebhookRepository::delivery, propertyId, webhookId, limit);
    }

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(new PropertyId(rs.getString(1)), rs.getObject(2, UUID.class), URI.create(rs.getString(3)),
                new LinkedHashSet<>(JsonColumns.strings(rs.getArray(4))), rs.getString(5), rs.getBoolean(6),
                JsonColumns.instant(rs.getTimestamp(7)));
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        int code = rs.getInt(10);
        Integer statusCode = rs.wasNull() ? null : code;
        return new WebhookDelivery(new PropertyId(rs.getString(1)), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
                DeliveryStatus.valueOf(rs.getString(7)), rs.getInt(8), JsonColumns.instant(rs.getTimestamp(9)),
                statusCode, rs.getString(11), JsonColumns.instant(rs.getTimestamp(12)),
                JsonColumns.instant(rs.getTimestamp(13)));
    }
}
