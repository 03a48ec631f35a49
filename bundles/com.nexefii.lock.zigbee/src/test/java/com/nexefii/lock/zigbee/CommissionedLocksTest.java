package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork;
import com.nexefii.lock.testing.RecordingPublisher;
import com.zsmartsystems.zigbee.IeeeAddress;

/** A gateway put on a site whose locks joined the coordinator long ago. */
class CommissionedLocksTest {

    @TempDir
    Path data;

    @Test
    void givenSeveralCommissionedLocks_whenAFreshAdapterStarts_thenEveryLockIsInstalled() {
        SimulatedZigbeeNetwork air = new SimulatedZigbeeNetwork("site", new IeeeAddress("5EC0119300000000"));
        for (int i = 1; i <= 4; i++) {
            air.admit(air.newLock(new IeeeAddress(String.format("5EC01193%08X", i))));
        }
        ZigbeeAdapterOptions options = ZigbeeAdapterOptions.from(Configs.zigbee(Map.of(
                "nexefii_lock_adapter_id", "zb-site", "dongleType", DongleType.SIMULATED, "serialPort", "site",
                "answerTimeoutMillis", 1000, "dataDirectory", data.toString())), null);
        RecordingPublisher events = new RecordingPublisher();
        ExecutorService workers = Executors.newCachedThreadPool();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ZigbeeLockNetwork network = new ZigbeeLockNetwork(options, events, workers, timer);
        try {
            network.start(air);

            await().atMost(30, TimeUnit.SECONDS).until(() -> air.locks().stream()
                    .allMatch(lock -> network.onboarded(ZigbeeLockNetwork.lockId(lock.ieeeAddress()))));
            assertThat(network.locks()).hasSize(4);
            assertThat(events.of(null, LockEventType.LOCK_ADDED)).hasSize(4);
        } finally {
            network.close("test over");
            air.close();
            workers.shutdownNow();
            timer.shutdownNow();
        }
    }
}
