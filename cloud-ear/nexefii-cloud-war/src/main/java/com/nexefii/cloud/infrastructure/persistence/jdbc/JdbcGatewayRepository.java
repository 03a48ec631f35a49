package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.gateway.GatewayStatus;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class JdbcGatewayRepository implements GatewayRepository {

    private static final String COLUMNS = "property_id, gateway_id, cert_fingerprint, status, last_seen, versions::text,"
            + " last_seq, seq_gaps, duplicates, registered_at, local_api_url";

    private Statements sql;

    protected JdbcGatewayRepository() {
    }

    @Inject
    public JdbcGatewayRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public void add(PropertyId propertyId, String gatewayId, String certFingerprint) {
        sql.update("insert into gateways (property_id, gateway_id, cert_fingerprint) values (?, ?, ?)",
                propertyId, gatewayId, certFingerprint);
    }

    @Override
    public Optional<Gateway> find(PropertyId propertyId, String gatewayId) {
        return sql.one("select " + COLUMNS + " from gateways where property_id = ? and gateway_id = ?",
                JdbcGatewayRepository::gateway, propertyId, gatewayId);
    }

    @Override
    public List<Gateway> list(PropertyId propertyId) {
        return sql.list("select " + COLUMNS + " from gateways where property_id = ? order by gateway_id",
                JdbcGatewayRepository::gateway, propertyId);
    }

    @Override
    public Optional<GatewayStatus> updateStatus(PropertyId propertyId, String gatewayId, GatewayStatus status,
            Map<String, String> versions, Instant seenAt) {
        Optional<GatewayStatus> before = sql.one(
                "select status from gateways where property_id = ? and gateway_id = ? for update",
                rs -> GatewayStatus.valueOf(rs.getString(1)), propertyId, gatewayId);
        if (before.isPresent()) {
            sql.update("update gateways set status = ?, last_seen = ?,"
                    + " versions = case when ?::jsonb = '{}'::jsonb then versions else ?::jsonb end"
                    + " where property_id = ? and gateway_id = ?",
                    status, seenAt, JsonColumns.toJson(versions), JsonColumns.toJson(versions), propertyId, gatewayId);
        }
        return before;
    }

    @Override
    public void touch(PropertyId propertyId, String gatewayId, Instant seenAt) {
        sql.update("update gateways set last_seen = greatest(last_seen, ?) where property_id = ? and gateway_id = ?",
                seenAt, propertyId, gatewayId);
    }

    @Override
    public void setLocalApiUrl(PropertyId propertyId, String gatewayId, String localApiUrl) {
        sql.update("update gateways set local_api_url = ? where property_id = ? and gateway_id = ?",
                localApiUrl, propertyId, gatewayId);
    }

    @Override
    public Map<String, String> localApiUrlsOfLocks(PropertyId propertyId, List<String> lockIds) {
        Map<String, String> urls = new LinkedHashMap<>();
        sql.list("select l.lock_id, g.local_api_url from locks l join gateways g"
                + " on g.property_id = l.property_id and g.gateway_id = l.gateway_id"
                + " where l.property_id = ? and g.local_api_url is not null and l.lock_id = any(?)",
                rs -> urls.put(rs.getString(1), rs.getString(2)), propertyId, new Statements.TextArray(lockIds));
        return urls;
    }

    @Override
    public void recordSequence(PropertyId propertyId, String gatewayId, Long lastSeq, long newGaps, long newDuplicates) {
        sql.update("update gateways set last_seq = greatest(last_seq, ?::bigint), seq_gaps = seq_gaps + ?,"
                + " duplicates = duplicates + ? where property_id = ? and gateway_id = ?",
                lastSeq, newGaps, newDuplicates, propertyId, gatewayId);
    }

    private static Gateway gateway(ResultSet rs) throws SQLException {
        long lastSeq = rs.getLong(7);
        Long seq = rs.wasNull() ? null : lastSeq;
        return new Gateway(new PropertyId(rs.getString(1)), rs.getString(2), rs.getString(3),
                GatewayStatus.valueOf(rs.getString(4)), JsonColumns.instant(rs.getTimestamp(5)),
                JsonColumns.fromJson(rs.getString(6)), seq, rs.getLong(8), rs.getLong(9),
                JsonColumns.instant(rs.getTimestamp(10)), rs.getString(11));
    }
}
