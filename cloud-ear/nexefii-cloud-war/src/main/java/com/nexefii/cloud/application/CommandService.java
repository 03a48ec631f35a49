package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.command.Command;
import com.nexefii.cloud.domain.model.command.CommandOutcome;
import com.nexefii.cloud.domain.model.command.CommandRepository;
import com.nexefii.cloud.domain.model.command.CommandState;
import com.nexefii.cloud.domain.model.command.CommandType;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.lock.Lock;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device manager's command dispatch. A command is stored SENT when its gateway is online and
 * handed to the broker right after that commit (ACKED on the broker's PUBACK), else QUEUED; the gateway's
 * COMMAND_RESULT makes it DONE or FAILED. Commands for an offline gateway wait in the database and
 * are sent when the gateway's birth message arrives, or expire when their TTL passes.
 */
@ApplicationScoped
public class CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    @Inject
    Transactions tx;
    @Inject
    CommandRepository commands;
    @Inject
    GatewayRepository gateways;
    @Inject
    LockRepository locks;
    @Inject
    GatewayLink link;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    Clock clock;
    @Inject
    CommandMetrics metrics;
    /** Records broker acknowledgements (ACKED) off the MQTT callback thread. */
    @Resource
    ManagedExecutorService acknowledgements;
    @Inject
    @ConfigProperty(name = "nexefii.command.default-ttl", defaultValue = "PT2M")
    Duration defaultTtl;
    @Inject
    @ConfigProperty(name = "nexefii.command.max-ttl", defaultValue = "PT24H")
    Duration maxTtl;

    public record Dispatch(String gatewayId, String lockId, CommandType type, Map<String, String> params,
            Duration ttl, String idempotencyKey) {
    }

    /** @return the command and whether it was created now (false: an earlier request with the same key) */
    public record Dispatched(Command command, boolean created) {
    }

    public Dispatched dispatch(PropertyId propertyId, Caller caller, Dispatch request) {
        Objects.requireNonNull(request.idempotencyKey(), "idempotencyKey");
        checkParams(request.params());
        Duration ttl = request.ttl() == null ? defaultTtl : request.ttl();
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) {
            throw new InvalidRequest("ttl must be between 1 s and " + maxTtl);
        }
        // one transaction before the publish: lock, gateway and its online state read, command stored
        // (already SENT when it can go now) and audited; a commit costs the disk flush of the database
        Dispatched dispatched = tx.inProperty(propertyId, () -> {
            Lock lock = null;
            if (request.lockId() != null) {
                lock = locks.find(propertyId, request.lockId())
                        .orElseThrow(() -> new ResourceNotFound("lock", request.lockId()));
            }
            var earlier = commands.findByIdempotencyKey(propertyId, request.idempotencyKey());
            if (earlier.isPresent()) {
                Command c = earlier.get();
                if (!Objects.equals(c.lockId(), request.lockId()) || c.type() != request.type()
                        || !Objects.equals(c.issuedBy(), caller.subject())) {
                    throw new RequestConflict("Idempotency-Key " + request.idempotencyKey()
                            + " was already used for a different command");
                }
                return new Dispatched(c, false);
            }
            String gatewayId = request.gatewayId();
            if (lock != null) {
                if (gatewayId != null && !gatewayId.equals(lock.gatewayId())) {
                    throw new InvalidRequest("lock " + lock.lockId() + " belongs to gateway " + lock.gatewayId());
                }
                gatewayId = lock.gatewayId();
            }
            if (gatewayId == null) {
                throw new InvalidRequest("a command needs a lockId or a gatewayId");
            }
            String target = gatewayId;
            Gateway gateway = gateways.find(propertyId, target)
                    .orElseThrow(() -> new ResourceNotFound("gateway", target));
            Instant now = clock.instant();
            boolean sendNow = gateway.online() && link.connected();
            if (!sendNow) {
                LOG.debug("Command for {}/{} waits: gateway online={}, broker connected={}", propertyId, target,
                        gateway.online(), link.connected());
            }
            Command c = new Command(UUID.randomUUID(), propertyId, target, request.lockId(), request.type(),
                    request.params() == null ? Map.of() : Map.copyOf(request.params()),
                    sendNow ? CommandState.SENT : CommandState.QUEUED, null, caller.subject(), now, now.plus(ttl),
                    sendNow ? now : null, null, request.idempotencyKey());
            commands.add(c);
            auditRecorder.record(propertyId, "COMMAND_ISSUED", Priority.SECURITY, caller.subject(), c.lockId(),
                    c.commandId(), Map.of("commandType", c.type().name(), "gatewayId", target));
            return new Dispatched(c, true);
        });
        if (dispatched.created()) {
            metrics.issued(dispatched.command());
            if (dispatched.command().state() == CommandState.SENT) {
                // committed first: the gateway's result must find the command it answers
                publish(dispatched.command());
            }
        }
        return dispatched;
    }

    /** The parameters the MQTT contract's command schema allows; anything else a gateway would refuse. */
    static void checkParams(Map<String, String> params) {
        if (params == null) {
            return;
        }
        for (var e : params.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue();
            boolean ok = switch (e.getKey()) {
                case "relockAfterSeconds" -> v.matches("^[0-9]{1,4}$") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 3600;
                case "credentialType" -> v.matches("^(PIN|CARD|MOBILE_KEY)$");
                case "credentialId" -> v.length() >= 1 && v.length() <= 128;
                case "pin" -> v.matches("^[0-9]{4,10}$");
                default -> false;
            };
            if (!ok) {
                throw new InvalidRequest("command parameter " + e.getKey() + " is unknown or invalid");
            }
        }
    }

    public Command get(PropertyId propertyId, UUID commandId) {
        return tx.inProperty(propertyId, () -> commands.find(propertyId, commandId))
                .orElseThrow(() -> new ResourceNotFound("command", commandId));
    }

    public List<Command> list(PropertyId propertyId, CommandState state, int limit) {
        return tx.inProperty(propertyId, () -> commands.list(propertyId, state, limit));
    }

    private void send(Command command) {
        PropertyId p = command.propertyId();
        boolean moved = tx.inProperty(p, () -> commands.transition(p, command.commandId(), CommandState.SENT, null,
                clock.instant()));
        if (moved) {
            publish(command);
        }
    }

    /**
     * Hands a command already recorded SENT to the broker. The broker's PUBACK is recorded as ACKED on
     * another thread: the PUBACK arrives on the MQTT client's only callback thread, which also delivers
     * the gateways' results, and a database commit there would hold every result behind it.
     */
    private void publish(Command command) {
        PropertyId p = command.propertyId();
        link.sendCommand(command).whenCompleteAsync((ok, failure) -> {
            try {
                if (failure == null) {
                    tx.inPropertyRun(p, () -> commands.transition(p, command.commandId(), CommandState.ACKED, null,
                            clock.instant()));
                } else {
                    LOG.warn("Command {} to {}/{} not accepted by the broker: {}", command.commandId(), p,
                            command.gatewayId(), failure.toString());
                }
            } catch (RuntimeException e) {
                LOG.warn("Recording broker acknowledgement of command {} failed", command.commandId(), e);
            }
        }, acknowledgements);
    }

    /** A gateway came online: send what waited for it, oldest first. */
    public void gatewayOnline(PropertyId propertyId, String gatewayId) {
        List<Command> pending = tx.inProperty(propertyId,
                () -> commands.pendingFor(propertyId, gatewayId, clock.instant()));
        if (!pending.isEmpty()) {
            LOG.info("Gateway {}/{} online: sending {} queued command(s)", propertyId, gatewayId, pending.size());
        }
        pending.forEach(this::send);
    }

    /** Applies a gateway's COMMAND_RESULT, in the caller's (ingest) transaction. */
    public void resultReceived(PropertyId propertyId, UUID commandId, CommandOutcome outcome) {
        CommandState target = Command.stateFor(outcome);
        Instant now = clock.instant();
        if (commands.transition(propertyId, commandId, target, outcome, now)) {
            commands.find(propertyId, commandId).ifPresent(c -> metrics.completed(c, now));
        } else {
            LOG.debug("Result {} for command {} ignored: unknown or already final", outcome, commandId);
        }
    }

    /** Expires every command whose TTL passed; returns how many expired. */
    public int expireDue(PropertyId propertyId) {
        return tx.inProperty(propertyId, () -> {
            List<UUID> expired = commands.expireDue(propertyId, clock.instant());
            for (UUID id : expired) {
                auditRecorder.record(propertyId, "COMMAND_EXPIRED", Priority.NORMAL, null, null, id, Map.of());
                metrics.expired();
            }
            return expired.size();
        });
    }
}
