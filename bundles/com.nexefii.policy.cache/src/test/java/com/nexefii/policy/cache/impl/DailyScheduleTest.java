package com.nexefii.policy.cache.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DailyScheduleTest {

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource({
        "07:00-19:00, 07:00, true",
        "07:00-19:00, 18:59, true",
        "07:00-19:00, 19:00, false",
        "07:00-19:00, 06:59, false",
        "22:00-06:00, 23:30, true",
        "22:00-06:00, 05:59, true",
        "22:00-06:00, 06:00, false",
        "22:00-06:00, 12:00, false",
        "'07:00-09:00,17:00-24:00', 23:59, true",
        "'07:00-09:00,17:00-24:00', 12:00, false",
        "00:00-24:00, 00:00, true"
    })
    void givenSchedule_whenAskedAboutATime_thenInsideOnlyWithinAWindow(String schedule, String time, boolean inside) {
        assertThat(DailySchedule.parse(schedule).contains(LocalTime.parse(time))).isEqualTo(inside);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7-19", "07:00", "07:00-07:00", "25:00-26:00", "07:00-24:30", "07:00-19:00,"})
    void givenMalformedSchedule_whenParsed_thenRejected(String schedule) {
        assertThatIllegalArgumentException().isThrownBy(() -> DailySchedule.parse(schedule));
    }
}
