package com.nexefii.lock.tcp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;

/**
 * The one duplicate window the controller event ledger leaves (a crash after the store's append and
 * before the ledger's write): the re-sent event keeps its event id, so an ingest idempotent by event
 * id (the cloud's) keeps it once.
 */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-tcp"),
        @Property(key = "gatewayId", value = "gw-tcp") })
class TcpAdapterEventIdInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    private ControllerFixture controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private File ledger() {
        Bundle tcp = Arrays.stream(context.getBundles())
                .filter(b -> "com.nexefii.lock.tcp".equals(b.getSymbolicName())).findFirst().orElseThrow();
        return tcp.getDataFile("tcp-events-" + controller.adapterId + ".ledger");
    }

    @Test
    void givenACrashBetweenTheStoresAppendAndTheLedgersWrite_whenTheControllerSendsTheEventAgain_thenItKeepsItsEventId()
            throws Exception {
        controller = new ControllerFixture(context, "tcp-crash", Map.of());
        controller.adapter();
        String lock = controller.lockId(1);
        controller.simulator.command("forced 1");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.events.of(lock, LockEventType.DOOR_FORCED).size() == 1
                && controller.simulator.count("unacked") == 0);
        byte[] ledgerBeforeTheCrash = Files.readAllBytes(ledger().toPath());
        controller.simulator.command("loseacks on");
        controller.simulator.command("forced 1");
        await().atMost(ControllerFixture.WAIT).until(() -> controller.events.of(lock, LockEventType.DOOR_FORCED).size() == 2);

        // what a kill -9 after the store's append and before the ledger's write leaves behind: the event
        // is stored, the ledger does not know it, the controller never got its acknowledgement
        controller.stopAdapter();
        Files.write(ledger().toPath(), ledgerBeforeTheCrash);
        controller.simulator.command("loseacks off");
        controller.startAdapter();

        await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("unacked") == 0
                && controller.events.of(lock, LockEventType.DOOR_FORCED).size() == 3);
        List<LockEvent> forced = controller.events.of(lock, LockEventType.DOOR_FORCED);
        assertThat(forced.get(2).attributes().get("controllerEventSequence"))
                .isEqualTo(forced.get(1).attributes().get("controllerEventSequence"));
        assertThat(forced.get(2).eventId()).as("the re-sent copy").isEqualTo(forced.get(1).eventId());
        assertThat(forced.get(2).sequence()).isGreaterThan(forced.get(1).sequence());
        // what an ingest idempotent by event id keeps: each controller event once
        assertThat(forced.stream().map(LockEvent::eventId).distinct()).hasSize(2);
    }
}
