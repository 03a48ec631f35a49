package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.analytics.AnalyticsRepository;
import com.nexefii.cloud.domain.model.analytics.BatteryForecast;
import com.nexefii.cloud.domain.model.analytics.GatewayUptime;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The property dashboard's numbers, computed in the cloud from the audit trail in one transaction. */
@ApplicationScoped
public class AnalyticsService {

    @Inject
    Transactions tx;
    @Inject
    AnalyticsRepository analytics;
    @Inject
    LockRepository locks;
    @Inject
    GatewayRepository gateways;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "nexefii.analytics.low-battery-percent", defaultValue = "20")
    int lowBatteryPercent;
    @Inject
    @ConfigProperty(name = "nexefii.analytics.forecast-window", defaultValue = "P30D")
    Duration forecastWindow;
    @Inject
    @ConfigProperty(name = "nexefii.analytics.forecast-horizon", defaultValue = "P30D")
    Duration forecastHorizon;

    public record Battery(String lockId, Integer batteryPercent, long readings, Double slopePerDay,
            Instant projectedLowAt, boolean needsBattery) {
    }

    public record Uptime(String gatewayId, String status, double uptimeRatio, int offlinePeriods) {
    }

    public record Report(int days, Instant from, Instant to, long totalOpenings, List<AnalyticsRepository.HourCount> usageByHour,
            long deniedTotal, List<AnalyticsRepository.LockCount> deniedByLock, int lowBatteryPercent,
            long forecastWindowDays, long forecastHorizonDays, List<Battery> batteries, List<Uptime> gatewayUptime) {
    }

    public Report report(PropertyId p, int days) {
        if (days < 1 || days > 90) {
            throw new InvalidRequest("days must be between 1 and 90");
        }
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        return tx.inProperty(p, () -> {
            var usage = analytics.doorOpeningsPerHour(p, from, to);
            var denied = analytics.deniedPerLock(p, from, to);
            Map<String, AnalyticsRepository.BatteryFit> fits = analytics.batteryFits(p, to.minus(forecastWindow)).stream()
                    .collect(Collectors.toMap(AnalyticsRepository.BatteryFit::lockId, Function.identity()));
            Map<String, Battery> batteries = new TreeMap<>();
            for (Lock lock : locks.list(p)) {
                batteries.put(lock.lockId(), battery(lock.lockId(), lock.batteryPercent(), fits.get(lock.lockId()), to));
            }
            fits.forEach((lockId, fit) -> batteries.computeIfAbsent(lockId, id -> battery(id, null, fit, to)));
            Map<String, List<AnalyticsRepository.GatewayTransition>> changes = analytics.gatewayTransitions(p, from, to)
                    .stream().filter(t -> t.gatewayId() != null)
                    .collect(Collectors.groupingBy(AnalyticsRepository.GatewayTransition::gatewayId));
            List<Uptime> uptime = gateways.list(p).stream().map(g -> uptime(g, changes.getOrDefault(g.gatewayId(), List.of()),
                    from, to)).toList();
            return new Report(days, from, to, usage.stream().mapToLong(AnalyticsRepository.HourCount::count).sum(), usage,
                    denied.stream().mapToLong(AnalyticsRepository.LockCount::count).sum(), denied, lowBatteryPercent,
                    forecastWindow.toDays(), forecastHorizon.toDays(), List.copyOf(batteries.values()), uptime);
        });
    }

    private Battery battery(String lockId, Integer current, AnalyticsRepository.BatteryFit fit, Instant now) {
        BatteryForecast f = BatteryForecast.of(fit, current, lowBatteryPercent, now, forecastHorizon);
        return new Battery(lockId, current != null ? current : fit == null ? null : fit.lastPercent(),
                fit == null ? 0 : fit.readings(), f.percentPerDay().orElse(null), f.reachesLowAt().orElse(null),
                f.needsBattery());
    }

    private static Uptime uptime(Gateway g, List<AnalyticsRepository.GatewayTransition> changes, Instant from, Instant to) {
        // a gateway registered during the period is measured from its registration
        Instant start = g.registeredAt() != null && g.registeredAt().isAfter(from) ? g.registeredAt() : from;
        GatewayUptime u = GatewayUptime.of(changes, g.online(), start, to);
        return new Uptime(g.gatewayId(), g.status().name(), u.ratio(), u.offlinePeriods());
    }
}
