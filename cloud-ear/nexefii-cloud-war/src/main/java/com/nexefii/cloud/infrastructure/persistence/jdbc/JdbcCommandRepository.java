package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.command.Command;
import com.nexefii.cloud.domain.model.command.CommandOutcome;
import com.nexefii.cloud.domain.model.command.CommandRepository;
import com.nexefii.cloud.domain.model.command.CommandState;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class JdbcCommandRepository implements CommandRepository {

    private static final String COLUMNS = "command_id, property_id, gateway_id, lock_id, type, params::text, state,"
            + " outcome, issued_by, issued_at, expires_at, sent_at, completed_at, idempotency_key";

    private Statements sql;

    protected JdbcCommandRepository() {
    }

    @Inject
    public JdbcCommandRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public void add(Command c) {
        sql.update("insert into commands (command_id, property_id, gateway_id, lock_id, type, params, state, outcome,"
                + " issued_by, issued_at, expires_at, sent_at, completed_at, idempotency_key)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.commandId(), c.propertyId(), c.gatewayId(), c.lockId(), c.type(),
                new Statements.Jsonb(JsonColumns.toJson(c.params())), c.state(), c.outcome(), c.issuedBy(),
                c.issuedAt(), c.expiresAt(), c.sentAt(), c.completedAt(), c.idempotencyKey());
    }

    @Override
    public Optional<Command> find(PropertyId propertyId, UUID commandId) {
        return sql.one("select " + COLUMNS + " from commands where property_id = ? and command_id = ?",
                JdbcCommandRepository::command, propertyId, commandId);
    }

    @Override
    public Map<UUID, String> issuers(PropertyId propertyId, Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> issuers = new HashMap<>();
        sql.<Map.Entry<UUID, String>>list("select command_id, issued_by from commands where property_id = ? and command_id = any(?::uuid[])",
                rs -> new AbstractMap.SimpleEntry<>(rs.getObject(1, UUID.class), rs.getString(2)), propertyId,
                new Statements.TextArray(commandIds.stream().map(UUID::toString).toList()))
                .forEach(row -> issuers.put(row.getKey(), row.getValue()));
        return issuers;
    }

    @Override
    public Optional<Command> findByIdempotencyKey(PropertyId propertyId, String idempotencyKey) {
        return sql.one("select " + COLUMNS + " from commands where property_id = ? and idempotency_key = ?",
                JdbcCommandRepository::command, propertyId, idempotencyKey);
    }

    @Override
    public List<Command> list(PropertyId propertyId, CommandState state, int limit) {
        return sql.list("select " + COLUMNS + " from commands where property_id = ? and (?::text is null or state = ?)"
                + " order by issued_at desc limit ?",
                JdbcCommandRepository::command, propertyId, state, state, limit);
    }

    @Override
    public List<Command> pendingFor(PropertyId propertyId, String gatewayId, Instant now) {
        return sql.list("select " + COLUMNS + " from commands where property_id = ? and gateway_id = ?"
                + " and state = 'QUEUED' and expires_at > ? order by issued_at",
                JdbcCommandRepository::command, propertyId, gatewayId, now);
    }

    @Override
    public boolean transition(PropertyId propertyId, UUID commandId, CommandState to, CommandOutcome outcome, Instant at) {
        List<String> from = java.util.Arrays.stream(CommandState.values()).filter(s -> s.canMoveTo(to))
                .map(Enum::name).toList();
        return sql.update("update commands set state = ?, outcome = coalesce(?, outcome),"
                + " sent_at = case when ? = 'SENT' then ? else sent_at end,"
                + " completed_at = case when ? in ('DONE', 'FAILED', 'EXPIRED') then ? else completed_at end"
                + " where property_id = ? and command_id = ? and state = any(?)",
                to, outcome, to, at, to, at, propertyId, commandId, new Statements.TextArray(from)) == 1;
    }

    @Override
    public List<UUID> expireDue(PropertyId propertyId, Instant now) {
        return sql.list("update commands set state = 'EXPIRED', outcome = coalesce(outcome, 'EXPIRED'), completed_at = ?"
                + " where property_id = ? and state in ('QUEUED', 'SENT', 'ACKED') and expires_at <= ? returning command_id",
                rs -> rs.getObject(1, UUID.class), now, propertyId, now);
    }

    @Override
    public long countInState(PropertyId propertyId, CommandState state) {
        return sql.one("select count(*) from commands where property_id = ? and state = ?", rs -> rs.getLong(1),
                propertyId, state).orElse(0L);
    }

    private static Command command(ResultSet rs) throws SQLException {
        String outcome = rs.getString(8);
        return new Command(rs.getObject(1, UUID.class), new PropertyId(rs.getString(2)), rs.getString(3),
                rs.getString(4), CommandType.valueOf(rs.getString(5)), JsonColumns.fromJson(rs.getString(6)),
                CommandState.valueOf(rs.getString(7)), outcome == null ? null : CommandOutcome.valueOf(outcome),
                rs.getString(9), JsonColumns.instant(rs.getTimestamp(10)), JsonColumns.instant(rs.getTimestamp(11)),
                JsonColumns.instant(rs.getTimestamp(12)), JsonColumns.instant(rs.getTimestamp(13)), rs.getString(14));
    }
}
