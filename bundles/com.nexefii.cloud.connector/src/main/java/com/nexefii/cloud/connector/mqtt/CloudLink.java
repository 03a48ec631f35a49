package com.nexefii.cloud.connector.mqtt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.event.store.EventStore;
import com.nexefii.event.store.StoredEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.mqtt.contract.Channel;
import com.nexefii.mqtt.contract.Topics;
import com.nexefii.policy.cache.ApplyResult;
import com.nexefii.policy.cache.PolicyCache;

/**
 * One gateway's MQTT session with the cloud, and the three loops around it.
 *
 * <ul>
 * <li><b>Link</b>: connects (mTLS, hostname verified, last will {@code OFFLINE} retained), subscribes
 * {@code cmd} and {@code policy}, publishes birth and inventory; after a loss it retries with
 * exponential backoff and full jitter. Paho's own fixed-interval reconnect is off.</li>
 * <li><b>Forwarder</b>: reads the event store in offset order, a window ahead, and publishes each event
 * QoS 1 with at most {@code inFlightWindow} not yet PUBACKed by the broker and at most
 * {@code cloudAckWindow} not yet acknowledged; the store's cursor advances only over a contiguous
 * prefix of acknowledged events. Acknowledged means: named by the cloud's {@code evt/ack}, which it
 * sends after its database commit (default), or PUBACKed by the broker ({@code eventAcknowledgement
 * = broker}, for a cloud without {@code evt/ack}; then the two windows are one). After a reconnect, or when the oldest event has
 * waited {@code cloudAckTimeout} for the cloud, it starts again at the store's cursor: unacknowledged
 * events are sent again, in order, and the cloud's ingest absorbs them by event id.</li>
 * <li><b>Commands</b>: validated on a single thread in arrival order (size, JSON, schema, gateway,
 * expiry, replay, lock ownership), the command id written durably to the replay set, then handed to
 * the {@link LockRouter}. Every command gets exactly one {@code COMMAND_RESULT} event: the adapter's
 * (or the router's) for executed ones, the connector's for rejected ones.</li>
 * </ul>
 */
final class CloudLink implements CloudConnectorStatus {

    private static final Logger LOG = LoggerFactory.getLogger(CloudLink.class);
    private static final long READ_WAIT_MILLIS = 250;
    /** Counter: events the cloud acknowledged on evt/ack (removed from the store in the default mode). */
    static final String EVENTS_CLOUD_ACKNOWLEDGED = "events.cloud-acknowledged";
    /** Counter: times the unacknowledged events were sent again because evt/ack did not come in time. */
    static final String EVENTS_RESENT_AFTER_TIMEOUT = "events.resent-after-timeout";
    /** Counter: evt/ack messages ignored as invalid. */
    static final String EVENT_ACKS_INVALID = "event-acks.invalid";

    private final CloudConnectorOptions options;
    private final String propertyId;
    private final String gatewayId;
    private final EventStore store;
    private final LockRouter router;
    private final LockEventPublisher publisher;
    private final Supplier<PolicyCache> policyCache;
    private final Supplier<Map<String, String>> bundleVersions;
    private final SSLSocketFactory socketFactory;
    private final ExecutedCommands executed;
    private final Clock clock;
    private final CommandValidator validator;
    private final Backoff backoff;
    private final Counters counters = new Counters();

    private final String cmdTopic;
    private final String policyTopic;
    private final String pkgTopic;
    private volatile PackageCommands packageCommands;
    private final String evtTopic;
    private final String statusTopic;
    private final String inventoryTopic;
    private final String policyAckTopic;
    private final String eventAckTopic;

    private final Object linkLock = new Object();
    private boolean running;
    private boolean connected;
    private long generation;
    private MqttAsyncClient client;

    private final Object windowLock = new Object();
    private final ForwardingWindow window = new ForwardingWindow();
    private final AckTimeout ackTimeout;
    private long windowGeneration;
    /** Events of this window generation published and not yet PUBACKed (or failed): the MQTT window. */
    private int awaitingPuback;
    /** Whether the forwarder waits for room: only then do PUBACKs need to wake it. */
    private boolean forwarderWaiting;

    private final ThreadPoolExecutor commands;
    private final ThreadPoolExecutor policies;
    private Thread linkThread;
    private Thread forwarderThread;
    private Thread inventoryThread;
    private volatile List<LockInfo> publishedInventory;

    CloudLink(CloudConnectorOptions options, String propertyId, String gatewayId, EventStore store, LockRouter router,
            LockEventPublisher publisher, Supplier<PolicyCache> policyCache,
            Supplier<Map<String, String>> bundleVersions, SSLSocketFactory socketFactory, ExecutedCommands executed,
            Clock clock) {
        this.options = options;
        this.propertyId = propertyId;
        this.gatewayId = gatewayId;
        this.store = store;
        this.router = router;
        this.publisher = publisher;
        this.policyCache = policyCache;
        this.bundleVersions = bundleVersions;
        this.socketFactory = socketFactory;
        this.executed = executed;
        this.clock = clock;
        this.validator = new CommandValidator(propertyId, gatewayId, options.maxCommandLifetime());
        this.backoff = new Backoff(options.reconnectMinDelay(), options.reconnectMaxDelay(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        this.cmdTopic = Topics.of(propertyId, gatewayId, Channel.CMD).topic();
        this.policyTopic = Topics.of(propertyId, gatewayId, Channel.POLICY).topic();
        this.pkgTopic = Topics.of(propertyId, gatewayId, Channel.PKG).topic();
        this.evtTopic = Topics.of(propertyId, gatewayId, Channel.EVT).topic();
        this.statusTopic = Topics.of(propertyId, gatewayId, Channel.STATUS).topic();
        this.inventoryTopic = Topics.of(propertyId, gatewayId, Channel.INVENTORY).topic();
        this.policyAckTopic = Topics.of(propertyId, gatewayId, Channel.POLICY_ACK).topic();
        this.eventAckTopic = Topics.of(propertyId, gatewayId, Channel.EVT_ACK).topic();
        this.ackTimeout = new AckTimeout(options.cloudAckTimeout());
        this.commands = singleThread("cloud-commands", options.commandQueueSize());
        this.policies = singleThread("cloud-policy", 16);
    }

    private static ThreadPoolExecutor singleThread(String name, int queue) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    void start() throws MqttException {
        client = new MqttAsyncClient(options.brokerUri().toString(), options.clientIdFor(propertyId, gatewayId),
                new MemoryPersistence());
        client.setCallback(new Callback());
        synchronized (linkLock) {
            running = true;
        }
        linkThread = daemon("cloud-link", this::linkLoop);
        forwarderThread = daemon("cloud-forwarder", this::forwardLoop);
        inventoryThread = daemon("cloud-inventory", this::inventoryLoop);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    void stop() {
        boolean wasConnected;
        synchronized (linkLock) {
            running = false;
            wasConnected = connected;
            connected = false;
            generation++;
            linkLock.notifyAll();
        }
        synchronized (windowLock) {
            windowLock.notifyAll();
        }
        // no interrupts: a thread interrupted inside file I/O could close the store's files
        join(linkThread);
        join(forwarderThread);
        join(inventoryThread);
        commands.shutdown();
        policies.shutdown();
        try {
            commands.awaitTermination(5, TimeUnit.SECONDS);
            policies.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (wasConnected && client.isConnected()) {
                // an orderly goodbye: the last will only fires on an unexpected loss
                client.publish(statusTopic, status(false), 1, true).waitForCompletion(2000);
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("Disconnect was not clean", e);
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("Closing the MQTT client failed", e);
        }
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- link

    private boolean isRunning() {
        synchronized (linkLock) {
            return running;
        }
    }

    private void linkLoop() {
        int attempt = 0;
        while (isRunning()) {
            if (!connected()) {
                try {
                    connectOnce();
                    attempt = 0;
                } catch (MqttException | RuntimeException e) {
                    dropConnection();
                    counters.increment("link.connect-failures");
                    Duration delay = backoff.delay(attempt);
                    LOG.warn("Cannot connect to {} (attempt {}): {}; retrying in {} ms", options.brokerUri(),
                            attempt + 1, describe(e), delay.toMillis());
                    attempt++;
                    sleep(delay);
                    continue;
                }
            }
            synchronized (linkLock) {
                while (running && connected) {
                    try {
                        linkLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private void sleep(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        synchronized (linkLock) {
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(linkLock, left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** After a half-made connection (subscribed or not), start again from nothing. */
    private void dropConnection() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
        } catch (MqttException e) {
            LOG.debug("Forced disconnect failed", e);
        }
    }

    private void connectOnce() throws MqttException {
        MqttConnectOptions connect = new MqttConnectOptions();
        connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        // the event store is the queue: nothing should survive in the broker's or Paho's session
        connect.setCleanSession(true);
        connect.setAutomaticReconnect(false);
        connect.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        connect.setConnectionTimeout((int) options.connectTimeout().toSeconds());
        connect.setMaxInflight(options.inFlightWindow() + 32);
        connect.setSocketFactory(socketFactory);
        connect.setHttpsHostnameVerificationEnabled(true);
        connect.setWill(statusTopic, status(false), 1, true);
        long timeout = options.connectTimeout().toMillis() + 1000;
        client.connect(connect).waitForCompletion(timeout);
        // the broker's ACL must let this gateway read its evt/ack: Mosquitto acknowledges a denied
        // subscription and delivers nothing, so forwarding would stall at a full window (logged below)
        String[] topics = cloudAcknowledges() ? new String[] { cmdTopic, policyTopic, eventAckTopic }
                : new String[] { cmdTopic, policyTopic };
        int[] qos = new int[topics.length];
        Arrays.fill(qos, 1);
        IMqttToken sub = client.subscribe(topics, qos);
        sub.waitForCompletion(timeout);
        int[] granted = sub.getGrantedQos();
        for (int g : granted) {
            if (g == 0x80) {
                throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
            }
        }
        subscribePackageCommands(timeout);
        client.publish(statusTopic, status(true), 1, true);
        publishInventory(router.locks());
        synchronized (linkLock) {
            connected = true;
            generation++;
            linkLock.notifyAll();
        }
        if (!client.isConnected()) {
            // lost between connect and here: Paho's callback found us not yet connected
            onConnectionLost(null);
            return;
        }
        counters.increment(CONNECTS);
        LOG.info("Connected to {} as {} (store depth {})", options.brokerUri(), options.clientIdFor(propertyId, gatewayId),
                store.depth());
    }

    private void onConnectionLost(Throwable cause) {
        synchronized (linkLock) {
            if (!connected) {
                return;
            }
            connected = false;
            generation++;
            linkLock.notifyAll();
        }
        synchronized (windowLock) {
            windowLock.notifyAll();
        }
        counters.increment(CONNECTION_LOSSES);
        LOG.warn("Lost the connection to {}: {}; events keep accumulating in the store", options.brokerUri(),
                describe(cause));
    }

    private byte[] status(boolean online) {
        if (!online) {
            return Payloads.status(propertyId, gatewayId, false, clock.instant(), null, null, null);
        }
        PolicyCache cache = policyCache.get();
        Long policyVersion = null;
        if (cache != null) {
            try {
                policyVersion = cache.version();
            } catch (RuntimeException e) {
                LOG.debug("Policy cache did not tell its version", e);
            }
        }
        return Payloads.status(propertyId, gatewayId, true, clock.instant(), bundleVersions.get(), policyVersion,
                store.depth());
    }

    @Override
    public boolean connected() {
        synchronized (linkLock) {
            return connected;
        }
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    Counters counterSet() {
        return counters;
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "closed";
        }
        Throwable cause = e.getCause();
        return e + (cause != null ? " (" + cause + ")" : "");
    }

    // ---------------------------------------------------------------- forwarder

    private record InFlight(long generation, long offset) {
    }

    private final IMqttActionListener eventAcknowledged = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            counters.increment(EVENTS_ACKNOWLEDGED);
            InFlight f = (InFlight) token.getUserContext();
            ForwardingWindow.Progress progress = null;
            synchronized (windowLock) {
                if (f.generation() != windowGeneration) {
                    return;
                }
                awaitingPuback--;
                if (!cloudAcknowledges()) {
                    progress = window.acknowledgeOffset(f.offset());
                }
                if (forwarderWaiting) {
                    windowLock.notifyAll();
                }
            }
            // with cloud acknowledgement the broker has it, the cloud's database may not: only evt/ack removes it
            if (progress != null && progress.cursor() != ForwardingWindow.NO_MOVE) {
                store.acknowledge(progress.cursor());
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            counters.increment("events.failed");
            LOG.debug("Event publish failed: {}", error.toString());
            InFlight f = (InFlight) token.getUserContext();
            synchronized (windowLock) {
                // never PUBACKed: its slot is free; the event itself waits in the window for a resend
                if (f.generation() == windowGeneration) {
                    awaitingPuback--;
                    windowLock.notifyAll();
                }
            }
        }
    };

    private boolean cloudAcknowledges() {
        return options.eventAcknowledgement() == EventAcknowledgement.CLOUD;
    }

    /** The cloud's {@code evt/ack}: these seqs are committed in its database. Runs on Paho's thread. */
    void onEventAck(byte[] payload) {
        List<long[]> ranges;
        try {
            ranges = Payloads.eventAckRanges(payload, propertyId, gatewayId);
        } catch (IllegalArgumentException e) {
            counters.increment(EVENT_ACKS_INVALID);
            LOG.warn("Ignored an invalid evt/ack: {}", e.getMessage());
            return;
        }
        if (!cloudAcknowledges()) {
            return;
        }
        ForwardingWindow.Progress progress;
        synchronized (windowLock) {
            progress = window.acknowledgeSeqs(ranges);
            windowLock.notifyAll();
        }
        counters.add(EVENTS_CLOUD_ACKNOWLEDGED, progress.acknowledged());
        if (progress.acknowledged() > 0) {
            ackTimeout.progressed();
        }
        if (progress.cursor() != ForwardingWindow.NO_MOVE) {
            store.acknowledge(progress.cursor());
        }
    }

    private void forwardLoop() {
        while (true) {
            long gen;
            synchronized (linkLock) {
                while (running && !connected) {
                    try {
                        linkLock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!running) {
                    return;
                }
                gen = generation;
            }
            try {
                forward(gen);
            } catch (RuntimeException e) {
                LOG.error("Forwarding failed; starting again from the store's cursor", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private boolean current(long gen) {
        synchronized (linkLock) {
            return running && connected && generation == gen;
        }
    }

    /** Starts a new window at the store's cursor: what is in flight now will be sent again. */
    private long restartWindow() {
        synchronized (windowLock) {
            window.clear();
            awaitingPuback = 0;
            windowGeneration++;
            return windowGeneration;
        }
    }

    private boolean cloudAckOverdue() {
        if (!cloudAcknowledges()) {
            return false;
        }
        synchronized (windowLock) {
            return window.overdue(System.nanoTime(), ackTimeout.nanos());
        }
    }

    private void forward(long gen) {
        long windowGen = restartWindow();
        // read a window ahead: a PUBACK frees one slot at a time, and a store read per slot would cost a
        // lock and a positional read per event
        ArrayDeque<StoredEvent> readAhead = new ArrayDeque<>();
        long readUpTo = store.acknowledgedUpTo();
        int mqttWindow = options.inFlightWindow();
        int ackWindow = options.unacknowledgedWindow();
        while (current(gen)) {
            if (cloudAckOverdue()) {
                int unacknowledged;
                synchronized (windowLock) {
                    unacknowledged = window.size();
                }
                counters.increment(EVENTS_RESENT_AFTER_TIMEOUT);
                // a cloud that never acknowledges (no evt/ack yet, or the broker's ACL hides it) shows up here
                LOG.warn("No evt/ack from the cloud for {} s: sending the {} unacknowledged event(s) again (the "
                        + "cloud must publish {} and the broker let this gateway read it; eventAcknowledgement=broker "
                        + "for a cloud without it)", TimeUnit.NANOSECONDS.toSeconds(ackTimeout.nanos()), unacknowledged,
                        eventAckTopic);
                ackTimeout.expired();
                windowGen = restartWindow();
                readAhead.clear();
                readUpTo = store.acknowledgedUpTo();
            }
            int free;
            synchronized (windowLock) {
                while ((window.size() >= ackWindow || awaitingPuback >= mqttWindow) && current(gen)
                        && !window.overdue(System.nanoTime(), cloudAcknowledges() ? ackTimeout.nanos()
                                : Long.MAX_VALUE)) {
                    forwarderWaiting = true;
                    try {
                        windowLock.wait(READ_WAIT_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        forwarderWaiting = false;
                    }
                }
                free = Math.min(ackWindow - window.size(), mqttWindow - awaitingPuback);
            }
            if (free <= 0) {
                continue;
            }
            if (readAhead.isEmpty()) {
                List<StoredEvent> batch = store.readFrom(readUpTo, mqttWindow);
                if (batch.isEmpty()) {
                    try {
                        store.awaitReadable(readUpTo, Duration.ofMillis(READ_WAIT_MILLIS));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                readAhead.addAll(batch);
                readUpTo = batch.get(batch.size() - 1).offset();
            }
            for (int n = 0; n < free && !readAhead.isEmpty(); n++) {
                if (!current(gen)) {
                    return;
                }
                StoredEvent stored = readAhead.peekFirst();
                byte[] payload = Payloads.event(stored.event());
                synchronized (windowLock) {
                    window.sent(stored.offset(), stored.event().sequence(), System.nanoTime());
                    awaitingPuback++;
                }
                try {
                    client.publish(evtTopic, payload, 1, false, new InFlight(windowGen, stored.offset()),
                            eventAcknowledged);
                    readAhead.pollFirst();
                    counters.increment(EVENTS_SENT);
                } catch (MqttException e) {
                    synchronized (windowLock) {
                        window.unsent();
                        awaitingPuback--;
                    }
                    // the event stays first in the read-ahead: the next round sends it again
                    if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                        sleep(Duration.ofMillis(5));
                        break;
                    }
                    LOG.debug("Publish refused ({}); waiting for the link", e.toString());
                    if (!client.isConnected()) {
                        onConnectionLost(e);
                    } else {
                        sleep(Duration.ofMillis(50));
                    }
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------- inventory

    private void inventoryLoop() {
        while (isRunning()) {
            sleep(options.inventoryCheck());
            if (!connected()) {
                continue;
            }
            try {
                List<LockInfo> locks = sortedLocks(router.locks());
                if (!locks.equals(publishedInventory)) {
                    publishInventory(locks);
                }
            } catch (MqttException | RuntimeException e) {
                LOG.debug("Inventory not published: {}", e.toString());
            }
        }
    }

    private static List<LockInfo> sortedLocks(java.util.Collection<LockInfo> locks) {
        return locks.stream().sorted(java.util.Comparator.comparing(LockInfo::lockId)).toList();
    }

    private void publishInventory(java.util.Collection<LockInfo> locks) throws MqttException {
        List<LockInfo> sorted = sortedLocks(locks);
        client.publish(inventoryTopic, Payloads.inventory(propertyId, gatewayId, clock.instant(), sorted), 1, true);
        publishedInventory = sorted;
        counters.increment("inventory.published");
    }

    // ---------------------------------------------------------------- commands and policy

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // connectOnce() does the work once subscriptions are in place
        }

        @Override
        public void connectionLost(Throwable cause) {
            onConnectionLost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // never throw here: Paho drops the connection when this callback throws
            try {
                byte[] payload = message.getPayload();
                if (cmdTopic.equals(topic)) {
                    submitCommand(payload);
                } else if (policyTopic.equals(topic)) {
                    submitPolicy(payload);
                } else if (pkgTopic.equals(topic) && packageCommands != null) {
                    submitPackageCommand(payload);
                } else if (eventAckTopic.equals(topic)) {
                    onEventAck(payload);
                } else {
                    counters.increment("messages.unexpected-topic");
                }
            } catch (RuntimeException e) {
                LOG.error("Message on {} not handled", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // acknowledgements are tracked per publish by the action listeners
        }
    }

    private void submitCommand(byte[] payload) {
        try {
            commands.execute(() -> handleCommand(payload));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reject(new CommandCheck.Unanswerable("overloaded",
                    "more than " + options.commandQueueSize() + " commands waiting"));
        }
    }

    /** Runs on the single command thread, so the replay check and the replay record are atomic. */
    void handleCommand(byte[] payload) {
        CommandCheck check = validator.check(payload, clock.instant());
        if (check instanceof CommandCheck.Accepted accepted) {
            check = admit(accepted);
        }
        if (check instanceof CommandCheck.Accepted accepted) {
            execute(accepted);
        } else {
            reject(check);
        }
    }

    private CommandCheck admit(CommandCheck.Accepted accepted) {
        var command = accepted.command();
        if (executed.contains(command.commandId())) {
            return new CommandCheck.Rejected(command.commandId(), command.lockId(), command.type().name(),
                    com.nexefii.lock.api.Outcome.DUPLICATE, "duplicate", "command already executed");
        }
        boolean owned;
        try {
            owned = router.locks().stream().anyMatch(l -> l.lockId().equals(command.lockId()));
        } catch (RuntimeException e) {
            owned = false;
        }
        if (!owned) {
            return new CommandCheck.Rejected(command.commandId(), command.lockId(), command.type().name(),
                    com.nexefii.lock.api.Outcome.UNKNOWN_LOCK, "unknown-lock",
                    "no adapter on this gateway owns " + command.lockId());
        }
        return accepted;
    }

    private void execute(CommandCheck.Accepted accepted) {
        var command = accepted.command();
        try {
            // durable before execution: a crash right after must not let a replay open the door again
            executed.add(command.commandId(), accepted.expiresAt());
        } catch (java.io.IOException e) {
            LOG.error("Cannot record command {} as executed; refusing to execute it", command.commandId(), e);
            reject(new CommandCheck.Rejected(command.commandId(), command.lockId(), command.type().name(),
                    com.nexefii.lock.api.Outcome.REJECTED, "replay-store-failed", "gateway cannot record the command"));
            return;
        }
        counters.increment(COMMANDS_EXECUTED);
        LOG.info("Executing command {} {} on {}", command.commandId(), command.type(), command.lockId());
        router.execute(command).whenComplete((result, error) -> {
            if (error != null) {
                counters.increment("commands.router-errors");
                LOG.error("Router failed command {}", command.commandId(), error);
            } else {
                counters.increment("commands.outcome." + result.outcome().name());
            }
        });
    }

    private void reject(CommandCheck check) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String reason;
        try {
            if (check instanceof CommandCheck.Rejected r) {
                reason = r.reason();
                attributes.put("commandId", r.commandId());
                if (r.commandType() != null) {
                    attributes.put("commandType", r.commandType());
                }
                attributes.put("outcome", r.outcome().name());
                attributes.put("detail", r.detail());
                attributes.put("reason", r.reason());
                attributes.put("requestedBy", "cloud");
                LOG.warn("Rejected command {} for lock {}: {} ({})", r.commandId(), r.lockId(), r.reason(), r.detail());
                publisher.publish(r.lockId(), LockEventType.COMMAND_RESULT, attributes);
            } else if (check instanceof CommandCheck.Unanswerable u) {
                reason = u.reason();
                attributes.put("alarm", "command-rejected");
                attributes.put("reason", u.reason());
                attributes.put("detail", u.detail());
                LOG.warn("Rejected an unreadable command: {} ({})", u.reason(), u.detail());
                publisher.publish(null, LockEventType.GATEWAY_ALARM, attributes);
            } else {
                return;
            }
        } catch (RuntimeException e) {
            counters.increment("commands.result-not-published");
            LOG.error("Cannot publish the rejection of a command", e);
            return;
        }
        counters.increment(COMMANDS_REJECTED + reason);
    }

    /**
     * Package commands (contract 1.1) share the lock commands' single thread and replay set. Before
     * {@link #start()}; without it the {@code pkg} channel is not subscribed.
     */
    void enablePackageCommands(Supplier<PackageInstalls> installs) {
        packageCommands = new PackageCommands(propertyId, gatewayId, options.maxCommandLifetime(), executed, publisher,
                installs, counters, clock);
    }

    /** On the command thread, like package commands; skipped (until the next call) when it is busy. */
    void reportKeptPackageOutcomes() {
        PackageCommands handler = packageCommands;
        if (handler == null) {
            return;
        }
        try {
            commands.execute(() -> {
                try {
                    handler.reportKept();
                } catch (RuntimeException e) {
                    LOG.warn("Reporting kept package outcomes failed: {}", e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Command queue full or stopped: kept package outcomes wait for the next round");
        }
    }

    /** A broker whose ACL predates the {@code pkg} channel refuses it: the link stays up without it. */
    private void subscribePackageCommands(long timeout) {
        if (packageCommands == null) {
            return;
        }
        try {
            IMqttToken sub = client.subscribe(new String[] { pkgTopic }, new int[] { 1 });
            sub.waitForCompletion(timeout);
            if (sub.getGrantedQos().length > 0 && sub.getGrantedQos()[0] == 0x80) {
                counters.increment("packages.subscribe-refused");
                LOG.warn("The broker refused the subscription to {}: no cloud package installs", pkgTopic);
            }
        } catch (MqttException e) {
            counters.increment("packages.subscribe-refused");
            LOG.warn("Cannot subscribe to {}: no cloud package installs ({})", pkgTopic, e.toString());
        }
    }

    private void submitPackageCommand(byte[] payload) {
        PackageCommands handler = packageCommands;
        try {
            commands.execute(() -> handler.handle(payload));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            reject(new CommandCheck.Unanswerable("overloaded",
                    "more than " + options.commandQueueSize() + " commands waiting"));
        }
    }

    private void submitPolicy(byte[] payload) {
        try {
            policies.execute(() -> handlePolicy(payload));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            counters.increment(POLICY + "overloaded");
            LOG.warn("Policy message dropped: too many waiting; the cloud's next snapshot repairs it");
        }
    }

    void handlePolicy(byte[] payload) {
        PolicyCache cache = policyCache.get();
        if (cache == null) {
            counters.increment(POLICY + "undeliverable");
            LOG.warn("Policy message of {} bytes received but no policy cache is running", payload.length);
            return;
        }
        if (payload.length > options.maxPolicyBytes()) {
            counters.increment(POLICY + "oversized");
            LOG.warn("Policy message of {} bytes exceeds {} bytes; rejected unread", payload.length,
                    options.maxPolicyBytes());
            return;
        }
        ApplyResult result;
        try {
            result = cache.apply(payload);
        } catch (RuntimeException e) {
            counters.increment(POLICY + "errors");
            LOG.error("Policy cache failed on a policy message", e);
            return;
        }
        counters.increment(POLICY + result.status().name().toLowerCase(java.util.Locale.ROOT));
        if (result.status() == ApplyResult.Status.REJECTED) {
            LOG.warn("Policy message rejected: {}", result.detail());
        }
        try {
            client.publish(policyAckTopic, Payloads.policyAck(propertyId, gatewayId, result.appliedVersion(),
                    result.needSnapshot(), clock.instant()), 1, false);
        } catch (MqttException e) {
            counters.increment(POLICY + "ack-failed");
            LOG.warn("Cannot publish policy/ack for version {}: {}", result.appliedVersion(), e.toString());
        }
    }

    /** @return the instant the command check uses; for tests */
    Instant now() {
        return clock.instant();
    }
}
