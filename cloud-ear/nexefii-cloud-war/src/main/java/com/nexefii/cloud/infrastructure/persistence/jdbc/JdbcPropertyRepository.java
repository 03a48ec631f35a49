package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.property.Property;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcPropertyRepository implements PropertyRepository {

    private Transactions tx;
    private Statements sql;

    protected JdbcPropertyRepository() {
    }

    @Inject
    public JdbcPropertyRepository(Transactions tx) {
        this.tx = tx;
        this.sql = new Statements(tx);
    }

    @Override
    public void add(PropertyId id, String name) {
        sql.update("insert into properties (property_id, name) values (?, ?)", id, name);
    }

    @Override
    public Optional<Property> find(PropertyId id) {
        return sql.one("select property_id, name, lockdown, policy_version, created_at from properties where property_id = ?",
                rs -> new Property(new PropertyId(rs.getString(1)), rs.getString(2), rs.getBoolean(3), rs.getLong(4),
                        JsonColumns.instant(rs.getTimestamp(5))),
                id);
    }

    @Override
    public List<PropertyId> allIds() {
        return tx.unbound(c -> {
            try (PreparedStatement ps = c.prepareStatement("select app_property_ids()");
                    ResultSet rs = ps.executeQuery()) {
                List<PropertyId> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(new PropertyId(rs.getString(1)));
                }
                return ids;
            }
        });
    }

    @Override
    public void setLockdown(PropertyId id, boolean lockdown) {
        sql.update("update properties set lockdown = ? where property_id = ?", lockdown, id);
    }

    @Override
    public long nextPolicyVersion(PropertyId id) {
        return sql.one("update properties set policy_version = policy_version + 1 where property_id = ? returning policy_version",
                rs -> rs.getLong(1), id)
                .orElseThrow(() -> new IllegalStateException("unknown property " + id));
    }
}
