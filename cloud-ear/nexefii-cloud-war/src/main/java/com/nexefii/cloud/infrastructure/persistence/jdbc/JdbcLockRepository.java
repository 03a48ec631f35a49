package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.lock.LockStateChange;
import com.nexefii.cloud.domain.model.lock.Zone;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcLockRepository implements LockRepository {

    private static final String COLUMNS = "property_id, lock_id, gateway_id, zone_id, protocol, model, bolt_state,"
            + " door_state, battery_percent, online, updated_at";

    private Statements sql;

    protected JdbcLockRepository() {
    }

    @Inject
    public JdbcLockRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public Optional<Lock> find(PropertyId propertyId, String lockId) {
        return sql.one("select " + COLUMNS + " from locks where property_id = ? and lock_id = ?",
                JdbcLockRepository::lock, propertyId, lockId);
    }

    @Override
    public List<Lock> list(PropertyId propertyId) {
        return sql.list("select " + COLUMNS + " from locks where property_id = ? order by lock_id",
                JdbcLockRepository::lock, propertyId);
    }

    @Override
    public List<Lock> inZone(PropertyId propertyId, String zoneId) {
        return sql.list("select " + COLUMNS + " from locks where property_id = ? and zone_id = ? order by lock_id",
                JdbcLockRepository::lock, propertyId, zoneId);
    }

    @Override
    public void upsertFromInventory(PropertyId propertyId, String gatewayId, String lockId, String protocol,
            String model, String zoneId, Instant at) {
        sql.update("insert into locks (property_id, lock_id, gateway_id, zone_id, protocol, model, updated_at)"
                + " values (?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (property_id, lock_id) do update set gateway_id = excluded.gateway_id,"
                + " protocol = excluded.protocol, model = excluded.model,"
                + " zone_id = coalesce(excluded.zone_id, locks.zone_id), updated_at = excluded.updated_at",
                propertyId, lockId, gatewayId, zoneId, protocol, model, at);
    }

    @Override
    public void assignZone(PropertyId propertyId, String lockId, String zoneId) {
        sql.update("update locks set zone_id = ? where property_id = ? and lock_id = ?", zoneId, propertyId, lockId);
    }

    @Override
    public void updateState(PropertyId propertyId, String lockId, String boltState, String doorState,
            Integer batteryPercent, Boolean online, Instant at) {
        sql.update("update locks set bolt_state = coalesce(?, bolt_state), door_state = coalesce(?, door_state),"
                + " battery_percent = coalesce(?, battery_percent), online = coalesce(?, online),"
                + " updated_at = greatest(updated_at, ?) where property_id = ? and lock_id = ?",
                boltState, doorState, batteryPercent, online, at, propertyId, lockId);
    }

    @Override
    public void updateStates(PropertyId propertyId, java.util.Collection<LockStateChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        List<String> ids = new java.util.ArrayList<>();
        List<String> bolts = new java.util.ArrayList<>();
        List<String> doors = new java.util.ArrayList<>();
        List<String> batteries = new java.util.ArrayList<>();
        List<String> online = new java.util.ArrayList<>();
        List<String> times = new java.util.ArrayList<>();
        for (LockStateChange c : changes) {
            ids.add(c.lockId());
            bolts.add(c.boltState());
            doors.add(c.doorState());
            batteries.add(c.batteryPercent() == null ? null : c.batteryPercent().toString());
            online.add(c.online() == null ? null : c.online().toString());
            times.add(c.at().toString());
        }
        sql.update("update locks l set bolt_state = coalesce(x.b, l.bolt_state), door_state = coalesce(x.d, l.door_state),"
                + " battery_percent = coalesce(x.p::integer, l.battery_percent), online = coalesce(x.o::boolean, l.online),"
                + " updated_at = greatest(l.updated_at, x.t::timestamptz)"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as x(id, b, d, p, o, t)"
                + " where l.property_id = ? and l.lock_id = x.id",
                new Statements.TextArray(ids), new Statements.TextArray(bolts), new Statements.TextArray(doors),
                new Statements.TextArray(batteries), new Statements.TextArray(online), new Statements.TextArray(times),
                propertyId);
    }

    @Override
    public void addZone(Zone zone) {
        sql.update("insert into zones (property_id, zone_id, name, kind, lockdown) values (?, ?, ?, ?, ?)",
                zone.propertyId(), zone.zoneId(), zone.name(), zone.kind(), zone.lockdown());
    }

    @Override
    public Optional<Zone> findZone(PropertyId propertyId, String zoneId) {
        return sql.one("select property_id, zone_id, name, kind, lockdown from zones where property_id = ? and zone_id = ?",
                JdbcLockRepository::zone, propertyId, zoneId);
    }

    @Override
    public List<Zone> zones(PropertyId propertyId) {
        return sql.list("select property_id, zone_id, name, kind, lockdown from zones where property_id = ? order by zone_id",
                JdbcLockRepository::zone, propertyId);
    }

    @Override
    public void setZoneLockdown(PropertyId propertyId, String zoneId, boolean lockdown) {
        sql.update("update zones set lockdown = ? where property_id = ? and zone_id = ?", lockdown, propertyId, zoneId);
    }

    @Override
    public java.util.Map<String, List<String>> staffZones(PropertyId propertyId) {
        java.util.Map<String, List<String>> result = new java.util.TreeMap<>();
        sql.list("select role, zone_id from staff_zone_roles where property_id = ? order by role, zone_id",
                rs -> java.util.Map.entry(rs.getString(1), rs.getString(2)), propertyId)
                .forEach(e -> result.computeIfAbsent(e.getKey(), r -> new java.util.ArrayList<>()).add(e.getValue()));
        return result;
    }

    @Override
    public void grantZoneToRole(PropertyId propertyId, String role, String zoneId) {
        sql.update("insert into staff_zone_roles (property_id, role, zone_id) values (?, ?, ?) on conflict do nothing",
                propertyId, role, zoneId);
    }

    private static Lock lock(ResultSet rs) throws SQLException {
        int battery = rs.getInt(9);
        Integer batteryPercent = rs.wasNull() ? null : battery;
        return new Lock(new PropertyId(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), batteryPercent, rs.getBoolean(10),
                JsonColumns.instant(rs.getTimestamp(11)));
    }

    private static Zone zone(ResultSet rs) throws SQLException {
        return new Zone(new PropertyId(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5));
    }
}
