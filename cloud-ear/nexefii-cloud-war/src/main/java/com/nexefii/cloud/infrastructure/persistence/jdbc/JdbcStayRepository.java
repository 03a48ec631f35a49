package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.stay.Stay;
import com.nexefii.cloud.domain.model.stay.StayRepository;
import com.nexefii.cloud.domain.model.stay.StayStatus;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class JdbcStayRepository implements StayRepository {

    private static final String COLUMNS = "property_id, stay_id, holder, room_zone_id, lock_ids, valid_from, valid_until, status";

    private Statements sql;

    protected JdbcStayRepository() {
    }

    @Inject
    public JdbcStayRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public void add(Stay s) {
        sql.update("insert into stays (property_id, stay_id, holder, room_zone_id, lock_ids, valid_from, valid_until, status)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                s.propertyId(), s.stayId(), s.holder(), s.roomZoneId(), new Statements.TextArray(s.lockIds()),
                s.validFrom(), s.validUntil(), s.status());
    }

    @Override
    public Optional<Stay> find(PropertyId propertyId, UUID stayId) {
        return sql.one("select " + COLUMNS + " from stays where property_id = ? and stay_id = ?",
                JdbcStayRepository::stay, propertyId, stayId);
    }

    @Override
    public List<Stay> list(PropertyId propertyId, StayStatus status) {
        return sql.list("select " + COLUMNS + " from stays where property_id = ? and (?::text is null or status = ?)"
                + " order by valid_from desc limit 1000",
                JdbcStayRepository::stay, propertyId, status, status);
    }

    @Override
    public List<Stay> ofHolder(PropertyId propertyId, String holder) {
        return sql.list("select " + COLUMNS + " from stays where property_id = ? and holder = ? order by valid_from desc",
                JdbcStayRepository::stay, propertyId, holder);
    }

    @Override
    public List<Stay> activeAt(PropertyId propertyId, Instant now) {
        return sql.list("select " + COLUMNS + " from stays where property_id = ? and status = 'CHECKED_IN'"
                + " and valid_until > ? order by stay_id",
                JdbcStayRepository::stay, propertyId, now);
    }

    @Override
    public void update(Stay s) {
        sql.update("update stays set room_zone_id = ?, lock_ids = ?, valid_from = ?, valid_until = ?, status = ?,"
                + " updated_at = now() where property_id = ? and stay_id = ?",
                s.roomZoneId(), new Statements.TextArray(s.lockIds()), s.validFrom(), s.validUntil(), s.status(),
                s.propertyId(), s.stayId());
    }

    private static Stay stay(ResultSet rs) throws SQLException {
        return new Stay(new PropertyId(rs.getString(1)), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                JsonColumns.strings(rs.getArray(5)), JsonColumns.instant(rs.getTimestamp(6)),
                JsonColumns.instant(rs.getTimestamp(7)), StayStatus.valueOf(rs.getString(8)));
    }
}
