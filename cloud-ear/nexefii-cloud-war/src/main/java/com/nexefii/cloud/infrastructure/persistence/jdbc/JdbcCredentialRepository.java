package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.credential.CredentialRepository;
import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nexefii.cloud.domain.model.credential.Revocation;
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
public class JdbcCredentialRepository implements CredentialRepository {

    private static final String COLUMNS = "property_id, credential_id, stay_id, holder, lock_ids, not_before, expires_at,"
            + " issued_at, revoked_at";

    private Statements sql;

    protected JdbcCredentialRepository() {
    }

    @Inject
    public JdbcCredentialRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public void add(MobileKey k) {
        sql.update("insert into credentials (property_id, credential_id, stay_id, holder, lock_ids, not_before, expires_at,"
                + " issued_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                k.propertyId(), k.credentialId(), k.stayId(), k.holder(), new Statements.TextArray(k.lockIds()),
                k.notBefore(), k.expiresAt(), k.issuedAt());
    }

    @Override
    public Optional<MobileKey> find(PropertyId propertyId, UUID credentialId) {
        return sql.one("select " + COLUMNS + " from credentials where property_id = ? and credential_id = ?",
                JdbcCredentialRepository::key, propertyId, credentialId);
    }

    @Override
    public Map<UUID, String> holders(PropertyId propertyId, Collection<UUID> credentialIds) {
        if (credentialIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> holders = new HashMap<>();
        sql.<Map.Entry<UUID, String>>list("select credential_id, holder from credentials where property_id = ? and credential_id = any(?::uuid[])",
                rs -> new AbstractMap.SimpleEntry<>(rs.getObject(1, UUID.class), rs.getString(2)), propertyId,
                new Statements.TextArray(credentialIds.stream().map(UUID::toString).toList()))
                .forEach(row -> holders.put(row.getKey(), row.getValue()));
        return holders;
    }

    @Override
    public List<MobileKey> ofHolder(PropertyId propertyId, String holder) {
        return sql.list("select " + COLUMNS + " from credentials where property_id = ? and holder = ?"
                + " order by issued_at desc limit 100", JdbcCredentialRepository::key, propertyId, holder);
    }

    @Override
    public List<MobileKey> ofStay(PropertyId propertyId, UUID stayId) {
        return sql.list("select " + COLUMNS + " from credentials where property_id = ? and stay_id = ? order by issued_at",
                JdbcCredentialRepository::key, propertyId, stayId);
    }

    @Override
    public Optional<Revocation> revoke(PropertyId propertyId, UUID credentialId, String revokedBy, String reason,
            Instant at) {
        Optional<Instant> expiresAt = sql.one("update credentials set revoked_at = ? where property_id = ?"
                + " and credential_id = ? and revoked_at is null returning expires_at",
                rs -> JsonColumns.instant(rs.getTimestamp(1)), at, propertyId, credentialId);
        expiresAt.ifPresent(exp -> sql.update("insert into revocations (property_id, credential_id, expires_at,"
                + " revoked_at, revoked_by, reason) values (?, ?, ?, ?, ?, ?)",
                propertyId, credentialId, exp, at, revokedBy, reason));
        return expiresAt.map(exp -> new Revocation(credentialId, exp, at, revokedBy, reason));
    }

    @Override
    public List<Revocation> revocationsInForce(PropertyId propertyId, Instant now) {
        return sql.list("select credential_id, expires_at, revoked_at, revoked_by, reason from revocations"
                + " where property_id = ? and expires_at > ? order by revoked_at",
                rs -> new Revocation(rs.getObject(1, UUID.class), JsonColumns.instant(rs.getTimestamp(2)),
                        JsonColumns.instant(rs.getTimestamp(3)), rs.getString(4), rs.getString(5)),
                propertyId, now);
    }

    private static MobileKey key(ResultSet rs) throws SQLException {
        return new MobileKey(new PropertyId(rs.getString(1)), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getString(4), JsonColumns.strings(rs.getArray(5)), JsonColumns.instant(rs.getTimestamp(6)),
                JsonColumns.instant(rs.getTimestamp(7)), JsonColumns.instant(rs.getTimestamp(8)),
                JsonColumns.instant(rs.getTimestamp(9)));
    }
}
