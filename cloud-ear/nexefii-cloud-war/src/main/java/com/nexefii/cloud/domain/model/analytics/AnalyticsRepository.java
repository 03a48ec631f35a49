package com.nexefii.cloud.domain.model.analytics;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;

/** Aggregates over one property's audit trail, computed by the database. */
public interface AnalyticsRepository {

    record HourCount(Instant hour, long count) {
    }

    record LockCount(String lockId, long count, Instant last) {
    }

    /** Least-squares line of a lock's battery readings: percent = intercept + slope * epochSecond. */
    record BatteryFit(String lockId, long readings, Double slopePerSecond, Double intercept, Integer lastPercent,
            Instant lastReadingAt) {
    }

    record GatewayTransition(String gatewayId, boolean online, Instant at) {
    }

    List<HourCount> doorOpeningsPerHour(PropertyId p, Instant from, Instant to);

    List<LockCount> deniedPerLock(PropertyId p, Instant from, Instant to);

    List<BatteryFit> batteryFits(PropertyId p, Instant since);

    /** Online/offline changes of each gateway in [from, to), plus each gateway's last change before from. */
    List<GatewayTransition> gatewayTransitions(PropertyId p, Instant from, Instant to);
}
