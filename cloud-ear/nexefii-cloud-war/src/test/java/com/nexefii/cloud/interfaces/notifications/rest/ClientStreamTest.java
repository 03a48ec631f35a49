package com.nexefii.cloud.interfaces.notifications.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClientStreamTest {

    private static final PropertyId HOTEL = new PropertyId("hotel-a");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    /** The table: committed, numbered notifications. */
    private final List<Notification> table = new CopyOnWriteArrayList<>();
    /** Runs table reads and closes when the test says so, like a pool thread would later. */
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor = tasks::add;

    /** A connection that takes bytes only while {@code ready}; writing when not ready is a test failure. */
    static final class FakeOutput implements ClientStream.Output {
        boolean ready = true;
        boolean closed;
        final StringBuilder received = new StringBuilder();

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void write(byte[] frame) {
            if (!ready) {
                throw new AssertionError("wrote to a connection that was not ready: that write would block");
            }
            received.append(new String(frame, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            if (!ready) {
                throw new AssertionError("flushed a connection that was not ready");
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        /** Ids of the notifications received whole (not the ready event). */
        List<Long> ids() {
            List<Long> ids = new ArrayList<>();
            Matcher m = Pattern.compile("id: (\\d+)\nevent: ([a-z-]+)\n(?:data: [^\n]*\n)+\n").matcher(received);
            while (m.find()) {
                if (!"ready".equals(m.group(2))) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
            return ids;
        }
    }

    private Notification numbered(long id) {
        return new Notification(HOTEL, id, UUID.randomUUID(), Audience.STAFF, "lock-state",
                "{\"kind\":\"lock-state\",\"lockId\":\"s-101\",\"n\":" + id + "}", T0);
    }

    private Notification publish(long id) {
        Notification n = numbered(id);
        table.add(n);
        return n;
    }

    private LongFunction<List<Notification>> reader(int page) {
        return after -> table.stream().filter(n -> n.id() > after).limit(page).toList();
    }

    private ClientStream stream(FakeOutput output, int maxQueuedBytes, int page) {
        return new ClientStream(HOTEL, "staff-a", Set.of(Audience.STAFF), T0.plusSeconds(300), T0, output, maxQueuedBytes,
                1_000_000, page, reader(page), executor);
    }

    private void runTasks() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    @Test
    void givenOneClientThatStopsReading_whenEventsKeepComing_thenTheOtherGetsThemAllAndTheSlowOneIsCutOffAndResumesWithoutLoss() {
        FakeOutput fastOut = new FakeOutput();
        FakeOutput slowOut = new FakeOutput();
        ClientStream fast = stream(fastOut, 1200, 4);
        ClientStream slow = stream(slowOut, 1200, 4);
        fast.start(0);
        slow.start(0);
        runTasks();
        publish(1);
        fast.offer(table.get(0));
        slow.offer(table.get(0));
        assertThat(slowOut.ids()).containsExactly(1L);

        slowOut.ready = false; // the phone stops reading; its socket buffer is full
        slow.writable(); // a spurious wake-up must not write either
        for (long id = 2; id <= 40; id++) {
            Notification n = publish(id);
            // the pump's call returns at once for both: it never waits for a connection
            fast.offer(n);
            slow.offer(n);
        }

        assertThat(fastOut.ids()).as("the reading client missed nothing").hasSize(40).isSorted().doesNotHaveDuplicates();
        assertThat(slow.closed()).isTrue();
        assertThat(slow.closeReason()).startsWith("fell behind");
        assertThat(slow.queued()).as("its queue is dropped, not kept growing").isZero();
        runTasks();
        assertThat(slowOut.closed).as("the connection is ended (off the pump's thread)").isTrue();

        // it comes back with the last id it received whole
        long lastEventId = slowOut.ids().get(slowOut.ids().size() - 1);
        FakeOutput againOut = new FakeOutput();
        ClientStream again = stream(againOut, 1200, 4);
        again.start(lastEventId);
        runTasks();
        Notification live = publish(41);
        again.offer(live);

        List<Long> all = new ArrayList<>(slowOut.ids());
        all.addAll(againOut.ids());
        assertThat(all).as("before the cut plus after resuming = everything, once, in order")
                .containsExactlyElementsOf(table.stream().map(Notification::id).toList());
    }

    @Test
    void givenALongBacklog_whenResuming_thenItIsReadPageByPageAsTheClientDrainsAndNeverQueuedWhole() {
        for (long id = 1; id <= 25; id++) {
            publish(id);
        }
        FakeOutput out = new FakeOutput();
        out.ready = false;
        ClientStream s = stream(out, 700, 4);
        s.start(0);
        int maxQueued = 0;
        for (int round = 0; round < 50 && out.ids().size() < 25; round++) {
            runTasks();
            maxQueued = Math.max(maxQueued, s.queued());
            out.ready = true;
            s.writable();
            out.ready = false;
        }
        out.ready = true;
        s.writable();
        runTasks();
        assertThat(out.ids()).hasSize(25).isSorted().doesNotHaveDuplicates();
        assertThat(maxQueued).as("at most one page (plus ready) waits in memory").isLessThanOrEqualTo(5);
        assertThat(s.closed()).isFalse();

        s.offer(publish(26));
        assertThat(out.ids()).endsWith(26L);
    }

    @Test
    void givenAnEventPublishedWhileTheReplayIsRead_whenGoingLive_thenItIsNotLost() {
        publish(1);
        FakeOutput out = new FakeOutput();
        ClientStream[] holder = new ClientStream[1];
        LongFunction<List<Notification>> racing = new LongFunction<>() {
            boolean raced;

            @Override
            public List<Notification> apply(long after) {
                List<Notification> page = table.stream().filter(n -> n.id() > after).limit(4).toList();
                if (!raced) {
                    raced = true;
                    // committed and pushed after this read, before the stream goes live
                    holder[0].offer(publish(2));
                }
                return page;
            }
        };
        holder[0] = new ClientStream(HOTEL, "staff-a", Set.of(Audience.STAFF), T0.plusSeconds(300), T0, out, 1200, 1_000_000, 4,
                racing, executor);
        holder[0].start(0);
        runTasks();
        holder[0].offer(publish(3));
        assertThat(out.ids()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void givenAConnectionThatSpentItsByteBudget_whenMoreComes_thenItEndsAndResumingDeliversTheRestOnce() {
        FakeOutput out = new FakeOutput();
        ClientStream s = new ClientStream(HOTEL, "staff-a", Set.of(Audience.STAFF), T0.plusSeconds(300), T0, out, 100_000,
                1000, 4, reader(4), executor);
        s.start(0);
        runTasks();
        for (long id = 1; id <= 20; id++) {
            s.offer(publish(id));
        }
        runTasks();
        assertThat(s.closed()).isTrue();
        assertThat(s.closeReason()).isEqualTo(ClientStream.BUDGET_SPENT);
        assertThat(out.closed).isTrue();
        assertThat(out.received.length()).as("never more than the budget on one connection").isLessThanOrEqualTo(1000);
        assertThat(out.ids()).isNotEmpty().hasSizeLessThan(20);

        FakeOutput again = new FakeOutput();
        ClientStream resumed = stream(again, 100_000, 4);
        resumed.start(out.ids().get(out.ids().size() - 1));
        runTasks();
        List<Long> all = new ArrayList<>(out.ids());
        all.addAll(again.ids());
        assertThat(all).containsExactlyElementsOf(table.stream().map(Notification::id).toList());
    }

    @Test
    void givenTheTokenExpires_whenTheHeartbeatRuns_thenTheStreamEnds() {
        FakeOutput out = new FakeOutput();
        ClientStream s = stream(out, 1200, 4);
        s.start(0);
        runTasks();
        s.heartbeat(T0.plusSeconds(10));
        assertThat(out.received.toString()).contains(": keep-alive\n\n");
        s.heartbeat(T0.plusSeconds(300));
        runTasks();
        assertThat(s.closed()).isTrue();
        assertThat(out.closed).isTrue();
    }

    @Test
    void givenMultiLineData_whenFramed_thenEachLineIsADataLine() {
        String frame = new String(ClientStream.frame("7", "alert", "a\nb", false), StandardCharsets.UTF_8);
        assertThat(frame).isEqualTo("id: 7\nevent: alert\ndata: a\ndata: b\n\n");
    }
}
