package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.domain.model.analytics.AnalyticsRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class JdbcAnalyticsRepository implements AnalyticsRepository {

    /** A battery reading from whichever attribute the adapter used; anything not a 0..100 integer is skipped. */
    private static final String BATTERY_VALUE = "(select case when v ~ '^[0-9]{1,3}$' and v::int <= 100 then v::int end"
            + " from (select coalesce(attributes->>'batteryPercent', attributes->>'percent', attributes->>'level') v) b)";

    private Statements sql;

    protected JdbcAnalyticsRepository() {
    }

    @Inject
    public JdbcAnalyticsRepository(Transactions tx) {
        this.sql = new Statements(tx);
    }

    @Override
    public List<HourCount> doorOpeningsPerHour(PropertyId p, Instant from, Instant to) {
        return sql.list("select date_trunc('hour', occurred_at), count(*) from audit_events where property_id = ?"
                + " and type = 'UNLOCKED' and occurred_at >= ? and occurred_at < ? group by 1 order by 1",
                rs -> new HourCount(JsonColumns.instant(rs.getTimestamp(1)), rs.getLong(2)), p, from, to);
    }

    @Override
    public List<LockCount> deniedPerLock(PropertyId p, Instant from, Instant to) {
        return sql.list("select lock_id, count(*), max(occurred_at) from audit_events where property_id = ?"
                + " and type in ('ACCESS_DENIED', 'REMOTE_UNLOCK_DENIED') and occurred_at >= ? and occurred_at < ?"
                + " group by lock_id order by 2 desc, 1",
                rs -> new LockCount(rs.getString(1), rs.getLong(2), JsonColumns.instant(rs.getTimestamp(3))), p, from, to);
    }

    @Override
    public List<BatteryFit> batteryFits(PropertyId p, Instant since) {
        // least squares in the database: regr_slope/regr_intercept over (epoch seconds, percent)
        return sql.list("select lock_id, count(*), regr_slope(v, t), regr_intercept(v, t),"
                + " (array_agg(v order by occurred_at desc))[1], max(occurred_at)"
                + " from (select lock_id, occurred_at, extract(epoch from occurred_at)::float8 t, " + BATTERY_VALUE
                + "::float8 v from audit_events where property_id = ? and lock_id is not null"
                + " and type in ('BATTERY_LEVEL', 'BATTERY_LOW') and occurred_at >= ?) r"
                + " where v is not null group by lock_id order by lock_id",
                rs -> {
                    double slope = rs.getDouble(3);
                    Double slopeOrNull = rs.wasNull() ? null : slope;
                    double intercept = rs.getDouble(4);
                    Double interceptOrNull = rs.wasNull() ? null : intercept;
                    double last = rs.getDouble(5);
                    Integer lastOrNull = rs.wasNull() ? null : (int) Math.round(last);
                    return new BatteryFit(rs.getString(1), rs.getLong(2), slopeOrNull, interceptOrNull, lastOrNull,
                            JsonColumns.instant(rs.getTimestamp(6)));
                }, p, since);
    }

    @Override
    public List<GatewayTransition> gatewayTransitions(PropertyId p, Instant from, Instant to) {
        String gateway = "coalesce(gateway_id, attributes->>'gatewayId')";
        return sql.list("(select distinct on (" + gateway + ") " + gateway + " g, type, occurred_at from audit_events"
                + " where property_id = ? and type in ('GATEWAY_ONLINE', 'GATEWAY_OFFLINE') and occurred_at < ?"
                + " order by " + gateway + ", occurred_at desc)"
                + " union all (select " + gateway + ", type, occurred_at from audit_events where property_id = ?"
                + " and type in ('GATEWAY_ONLINE', 'GATEWAY_OFFLINE') and occurred_at >= ? and occurred_at < ?)"
                + " order by 3",
                rs -> new GatewayTransition(rs.getString(1), "GATEWAY_ONLINE".equals(rs.getString(2)),
                        JsonColumns.instant(rs.getTimestamp(3))), p, from, p, from, to);
    }
}
