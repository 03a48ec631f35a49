package com.nexefii.cloud.domain.model.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One merged change per lock must leave the lock as the events one by one would have. */
class LockStateChangeTest {

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void givenUnlockThenDoorOpenThenLock_whenMerged_thenLastBoltLastDoorAndLatestTime() {
        LockStateChange merged = new LockStateChange("sim-a-101", "UNLOCKED", null, null, null, T)
                .then(new LockStateChange("sim-a-101", null, "OPEN", null, null, T.plusSeconds(1)))
                .then(new LockStateChange("sim-a-101", "LOCKED", null, 55, null, T.plusSeconds(2)));
        assertThat(merged).isEqualTo(new LockStateChange("sim-a-101", "LOCKED", "OPEN", 55, null, T.plusSeconds(2)));
    }

    @Test
    void givenALaterEventWithAnEarlierTimestamp_whenMerged_thenItsValueWinsButTheLatestTimeStays() {
        LockStateChange merged = new LockStateChange("sim-a-101", "UNLOCKED", null, null, true, T.plusSeconds(5))
                .then(new LockStateChange("sim-a-101", "LOCKED", null, null, null, T));
        assertThat(merged.boltState()).isEqualTo("LOCKED");
        assertThat(merged.online()).isTrue();
        assertThat(merged.at()).isEqualTo(T.plusSeconds(5));
    }
}
