package com.nexefii.cloud.domain.model.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a lock's battery reaches the low level, by extending the straight line fitted to its recent
 * readings. A flat or rising line, or fewer than two readings, projects nothing; a lock already at
 * or below the low level needs a battery whatever the line says.
 */
public record BatteryForecast(Optional<Instant> reachesLowAt, Optional<Double> percentPerDay, boolean needsBattery) {

    public static BatteryForecast of(AnalyticsRepository.BatteryFit fit, Integer currentPercent, int lowPercent,
            Instant now, Duration horizon) {
        Integer level = currentPercent != null ? currentPercent : fit == null ? null : fit.lastPercent();
        boolean lowNow = level != null && level <= lowPercent;
        if (fit == null || fit.readings() < 2 || fit.slopePerSecond() == null || fit.intercept() == null
                || !Double.isFinite(fit.slopePerSecond())) {
            return new BatteryForecast(Optional.empty(), Optional.empty(), lowNow);
        }
        double slope = fit.slopePerSecond();
        Optional<Double> perDay = Optional.of(slope * 86_400);
        if (slope >= 0) {
            return new BatteryForecast(Optional.empty(), perDay, lowNow);
        }
        double seconds = (lowPercent - fit.intercept()) / slope;
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e11) {
            return new BatteryForecast(Optional.empty(), perDay, lowNow);
        }
        Instant at = Instant.ofEpochSecond((long) seconds);
        boolean soon = !at.isAfter(now.plus(horizon));
        return new BatteryForecast(Optional.of(at), perDay, lowNow || soon);
    }
}
