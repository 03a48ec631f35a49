package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.AuditPage;
import com.nexefii.cloud.domain.model.audit.AuditQuery;
import com.nexefii.cloud.domain.model.audit.AuditRepository;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class JdbcAuditRepository implements AuditRepository {

    private static final String COLUMNS = "event_id, property_id, source, gateway_id, lock_id, seq, type, priority,"
            + " occurred_at, received_at, actor, command_id, outcome, attributes::text";

    private Statements sql;

    protected JdbcAuditRepository() {
    }

    @Inject
    public JdbcAuditRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    /** One statement per batch: the arrays are unnested server-side and duplicates skipped by the primary key. */
    @Override
    public Set<UUID> append(PropertyId propertyId, Collection<AuditEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        int n = events.size();
        List<String> ids = new ArrayList<>(n);
        List<String> sources = new ArrayList<>(n);
        List<String> gateways = new ArrayList<>(n);
        List<String> locks = new ArrayList<>(n);
        List<String> seqs = new ArrayList<>(n);
        List<String> types = new ArrayList<>(n);
        List<String> priorities = new ArrayList<>(n);
        List<String> occurred = new ArrayList<>(n);
        List<String> received = new ArrayList<>(n);
        List<String> actors = new ArrayList<>(n);
        List<String> commands = new ArrayList<>(n);
        List<String> outcomes = new ArrayList<>(n);
        List<String> attributes = new ArrayList<>(n);
        for (AuditEvent e : events) {
            if (!e.propertyId().equals(propertyId)) {
                throw new IllegalArgumentException("event " + e.eventId() + " belongs to " + e.propertyId());
            }
            ids.add(e.eventId().toString());
            sources.add(e.source().name());
            gateways.add(e.gatewayId());
            locks.add(e.lockId());
            seqs.add(e.seq() == null ? null : e.seq().toString());
            types.add(e.type());
            priorities.add(e.priority().name());
            occurred.add(e.occurredAt().toString());
            received.add(e.receivedAt().toString());
            actors.add(e.actor());
            commands.add(e.commandId() == null ? null : e.commandId().toString());
            outcomes.add(e.outcome());
            attributes.add(JsonColumns.toJson(e.attributes()));
        }
        List<UUID> inserted = sql.list("insert into audit_events (event_id, property_id, source, gateway_id, lock_id, seq,"
                + " type, priority, occurred_at, received_at, actor, command_id, outcome, attributes)"
                + " select e::uuid, ?, s, g, l, q::bigint, t, p, o::timestamptz, r::timestamptz, a, c::uuid, oc, at::jsonb"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as x(e, s, g, l, q, t, p, o, r, a, c, oc, at)"
                + " on conflict (event_id) do nothing returning event_id",
                rs -> rs.getObject(1, UUID.class), propertyId, new Statements.TextArray(ids),
                new Statements.TextArray(sources), new Statements.TextArray(gateways), new Statements.TextArray(locks),
                new Statements.TextArray(seqs), new Statements.TextArray(types), new Statements.TextArray(priorities),
                new Statements.TextArray(occurred), new Statements.TextArray(received), new Statements.TextArray(actors),
                new Statements.TextArray(commands), new Statements.TextArray(outcomes),
                new Statements.TextArray(attributes));
        return new HashSet<>(inserted);
    }

    @Override
    public AuditPage query(PropertyId propertyId, AuditQuery q) {
        StringBuilder where = new StringBuilder(" where property_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(propertyId);
        if (q.types() != null && !q.types().isEmpty()) {
            where.append(" and type = any(?)");
            params.add(new Statements.TextArray(List.copyOf(q.types())));
        }
        if (q.lockId() != null) {
            where.append(" and lock_id = ?");
            params.add(q.lockId());
        }
        if (q.gatewayId() != null) {
            where.append(" and gateway_id = ?");
            params.add(q.gatewayId());
        }
        if (q.actor() != null) {
            where.append(" and actor = ?");
            params.add(q.actor());
        }
        if (q.priority() != null) {
            where.append(" and priority = ?");
            params.add(q.priority());
        }
        if (q.from() != null) {
            where.append(" and occurred_at >= ?");
            params.add(q.from());
        }
        if (q.to() != null) {
            where.append(" and occurred_at < ?");
            params.add(q.to());
        }
        long total = sql.one("select count(*) from audit_events" + where, rs -> rs.getLong(1), params.toArray())
                .orElse(0L);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(q.limit());
        pageParams.add(q.offset());
        List<AuditEvent> items = sql.list("select " + COLUMNS + " from audit_events" + where
                + " order by occurred_at desc, event_id limit ? offset ?", JdbcAuditRepository::event,
                pageParams.toArray());
        return new AuditPage(items, total, q.offset(), q.limit());
    }

    private static AuditEvent event(ResultSet rs) throws SQLException {
        long seq = rs.getLong(6);
        Long seqOrNull = rs.wasNull() ? null : seq;
        return new AuditEvent(rs.getObject(1, UUID.class), new PropertyId(rs.getString(2)),
                AuditEvent.Source.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), seqOrNull,
                rs.getString(7), Priority.valueOf(rs.getString(8)), JsonColumns.instant(rs.getTimestamp(9)),
                JsonColumns.instant(rs.getTimestamp(10)), rs.getString(11), rs.getObject(12, UUID.class),
                rs.getString(13), JsonColumns.fromJson(rs.getString(14)));
    }
}
