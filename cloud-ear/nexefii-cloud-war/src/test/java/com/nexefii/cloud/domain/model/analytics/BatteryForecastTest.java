package com.nexefii.cloud.domain.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatteryForecastTest {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final Duration HORIZON = Duration.ofDays(30);

    /** A line through (NOW, percent) losing perDay percent a day. */
    private static AnalyticsRepository.BatteryFit line(double percentNow, double perDay) {
        double slope = -perDay / 86_400;
        double intercept = percentNow - slope * NOW.getEpochSecond();
        return new AnalyticsRepository.BatteryFit("a-101", 10, slope, intercept, (int) percentNow, NOW);
    }

    @Test
    void givenABatteryLosingOnePercentADayAt40_whenForecast_thenItReaches20InTwentyDays_andNeedsABattery() {
        BatteryForecast f = BatteryForecast.of(line(40, 1), 40, 20, NOW, HORIZON);

        assertThat(f.reachesLowAt()).hasValueSatisfying(at ->
                assertThat(Duration.between(NOW, at).toHours()).isBetween(20 * 24L - 1, 20 * 24L + 1));
        assertThat(f.percentPerDay()).hasValueSatisfying(d -> assertThat(d).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(1e-6)));
        assertThat(f.needsBattery()).isTrue();
    }

    @Test
    void givenASlowlyDrainingBattery_whenForecast_thenTheLowLevelIsBeyondTheHorizon() {
        BatteryForecast f = BatteryForecast.of(line(80, 0.5), 80, 20, NOW, HORIZON);

        assertThat(f.reachesLowAt()).isPresent();
        assertThat(f.needsBattery()).isFalse();
    }

    @Test
    void givenAFlatOrRisingLine_whenForecast_thenNothingIsProjected() {
        assertThat(BatteryForecast.of(line(60, -0.2), 60, 20, NOW, HORIZON).reachesLowAt()).isEmpty();
    }

    @Test
    void givenOneReading_whenForecast_thenOnlyTheCurrentLevelDecides() {
        var single = new AnalyticsRepository.BatteryFit("a-101", 1, null, null, 15, NOW);

        BatteryForecast f = BatteryForecast.of(single, null, 20, NOW, HORIZON);

        assertThat(f.reachesLowAt()).isEmpty();
        assertThat(f.needsBattery()).isTrue();
    }
}
