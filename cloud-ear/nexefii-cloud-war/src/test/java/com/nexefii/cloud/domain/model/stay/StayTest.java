package com.nexefii.cloud.domain.model.stay;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StayTest {

    private static final Instant FROM = Instant.parse("2026-11-25T14:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-27T11:00:00Z");

    private static Stay stay(StayStatus status) {
        return new Stay(new PropertyId("hotel-a"), UUID.randomUUID(), "guest-a1", "room-101", List.of("sim-a-101"),
                FROM, UNTIL, status);
    }

    @Test
    void givenCheckedInStay_whenInsideWindow_thenItsLocksAreAllowed() {
        assertThat(stay(StayStatus.CHECKED_IN).allows("sim-a-101", FROM.plusSeconds(60))).isTrue();
    }

    @Test
    void givenCheckedInStay_whenAnotherLockOrOutsideWindow_thenRefused() {
        Stay s = stay(StayStatus.CHECKED_IN);
        assertThat(s.allows("sim-a-102", FROM.plusSeconds(60))).isFalse();
        assertThat(s.allows("sim-a-101", FROM.minusSeconds(1))).isFalse();
        assertThat(s.allows("sim-a-101", UNTIL)).isFalse();
    }

    @Test
    void givenCheckedOutStay_whenInsideWindow_thenRefused() {
        assertThat(stay(StayStatus.CHECKED_OUT).allows("sim-a-101", FROM.plusSeconds(60))).isFalse();
    }
}
