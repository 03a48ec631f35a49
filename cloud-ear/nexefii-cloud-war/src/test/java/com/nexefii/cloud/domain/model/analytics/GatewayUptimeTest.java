package com.nexefii.cloud.domain.model.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayUptimeTest {

    private static final Instant FROM = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T00:00:00Z");

    private static AnalyticsRepository.GatewayTransition at(String time, boolean online) {
        return new AnalyticsRepository.GatewayTransition("gw-a1", online, Instant.parse(time));
    }

    @Test
    void givenOnlineBeforeThePeriodAndSixHoursOffline_whenMeasured_thenUptimeIsThreeQuarters() {
        GatewayUptime u = GatewayUptime.of(List.of(at("2026-11-20T00:00:00Z", true), at("2026-11-24T06:00:00Z", false),
                at("2026-11-24T12:00:00Z", true)), true, FROM, TO);

        assertThat(u.ratio()).isCloseTo(0.75, offset(1e-9));
        assertThat(u.offlinePeriods()).isEqualTo(1);
    }

    @Test
    void givenTheFirstKnownChangeIsComingOnline_whenMeasured_thenTheTimeBeforeCountsAsOffline() {
        GatewayUptime u = GatewayUptime.of(List.of(at("2026-11-24T18:00:00Z", true)), true, FROM, TO);

        assertThat(u.ratio()).isCloseTo(0.25, offset(1e-9));
        assertThat(u.offlinePeriods()).isEqualTo(1);
    }

    @Test
    void givenNoChangeAtAll_whenMeasured_thenTheCurrentStateHeldThroughout() {
        assertThat(GatewayUptime.of(List.of(), true, FROM, TO).ratio()).isEqualTo(1.0);
        assertThat(GatewayUptime.of(List.of(), false, FROM, TO).ratio()).isEqualTo(0.0);
    }
}
