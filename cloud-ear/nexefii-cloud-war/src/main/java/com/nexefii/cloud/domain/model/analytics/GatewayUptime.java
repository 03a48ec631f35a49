package com.nexefii.cloud.domain.model.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Share of a period a gateway was online, from its online/offline changes. Before its first known
 * change the gateway is taken to have been in the opposite state (the change says it was not in
 * the new one); without any change at all, its current state held the whole period.
 */
public record GatewayUptime(double ratio, int offlinePeriods) {

    public static GatewayUptime of(List<AnalyticsRepository.GatewayTransition> changes, boolean onlineNow, Instant from,
            Instant to) {
        long total = Duration.between(from, to).toMillis();
        if (total <= 0) {
            return new GatewayUptime(onlineNow ? 1 : 0, 0);
        }
        List<AnalyticsRepository.GatewayTransition> ordered = changes.stream()
                .sorted(Comparator.comparing(AnalyticsRepository.GatewayTransition::at)).toList();
        if (ordered.isEmpty()) {
            return new GatewayUptime(onlineNow ? 1 : 0, onlineNow ? 0 : 1);
        }
        boolean online = ordered.get(0).at().isBefore(from) ? ordered.get(0).online() : !ordered.get(0).online();
        Instant cursor = from;
        long up = 0;
        int offline = online ? 0 : 1;
        for (AnalyticsRepository.GatewayTransition t : ordered) {
            if (t.at().isBefore(from)) {
                online = t.online();
                offline = online ? 0 : 1;
                continue;
            }
            Instant at = t.at().isAfter(to) ? to : t.at();
            if (online) {
                up += Duration.between(cursor, at).toMillis();
            }
            if (online && !t.online()) {
                offline++;
            }
            online = t.online();
            cursor = at;
        }
        if (online) {
            up += Duration.between(cursor, to).toMillis();
        }
        return new GatewayUptime(Math.max(0, Math.min(1, up / (double) total)), offline);
    }
}
