package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.AuditPage;
import com.nexefii.cloud.domain.model.audit.AuditQuery;
import com.nexefii.cloud.domain.model.audit.AuditRepository;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.command.CommandOutcome;
import com.nexefii.cloud.domain.model.command.CommandRepository;
import com.nexefii.cloud.domain.model.credential.CredentialRepository;
import com.nexefii.cloud.domain.model.gateway.Gateway;
import com.nexefii.cloud.domain.model.gateway.GatewayRepository;
import com.nexefii.cloud.domain.model.gateway.SequenceCheck;
import com.nexefii.cloud.domain.model.lock.LockRepository;
import com.nexefii.cloud.domain.model.lock.LockStateChange;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit search, and ingest of gateway events: idempotent by event id, one transaction per property
 * and batch, sequence checked per gateway (gaps reported as SEQUENCE_GAP records), with the side
 * effects of new events (command results, lock state, webhook deliveries) in the same transaction.
 */
@ApplicationScoped
public class AuditService {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
    /** Attribute of battery events with the level in percent (contract v1 README, lock API). */
    static final String BATTERY_PERCENT = "percent";

    @Inject
    Transactions tx;
    @Inject
    AuditRepository audit;
    @Inject
    PropertyRepository properties;
    @Inject
    GatewayRepository gateways;
    @Inject
    LockRepository locks;
    @Inject
    CommandRepository commands;
    @Inject
    CredentialRepository credentials;
    @Inject
    CommandService commandService;
    @Inject
    WebhookService webhooks;
    @Inject
    AuditRecorder auditRecorder;
    @Inject
    Clock clock;

    public AuditPage query(PropertyId p, AuditQuery query) {
        return tx.inProperty(p, () -> audit.query(p, query));
    }

    /** Ingests events already validated against the contract; all events of a call may mix properties. */
    public IngestResult ingest(List<AuditEvent> events) {
        Map<PropertyId, List<AuditEvent>> byProperty = events.stream()
                .collect(Collectors.groupingBy(AuditEvent::propertyId, LinkedHashMap::new, Collectors.toList()));
        IngestResult total = IngestResult.none();
        for (var entry : byProperty.entrySet()) {
            total = total.plus(ingestProperty(entry.getKey(), entry.getValue()));
        }
        return total;
    }

    private IngestResult ingestProperty(PropertyId p, List<AuditEvent> events) {
        return tx.inProperty(p, () -> {
            if (properties.find(p).isEmpty()) {
                LOG.warn("Dropping {} event(s) for unknown property {}", events.size(), p);
                return new IngestResult(0, 0, 0, events.size(), List.of());
            }
            Map<String, List<AuditEvent>> byGateway = events.stream()
                    .collect(Collectors.groupingBy(AuditEvent::gatewayId, LinkedHashMap::new, Collectors.toList()));
            List<AuditEvent> accepted = new ArrayList<>();
            Map<String, Gateway> registered = new LinkedHashMap<>();
            int rejected = 0;
            for (var entry : byGateway.entrySet()) {
                Optional<Gateway> gateway = gateways.find(p, entry.getKey());
                if (gateway.isEmpty()) {
                    rejected += entry.getValue().size();
                    auditRecorder.record(p, "MQTT_MESSAGE_REJECTED", Priority.SECURITY, null, null, null,
                            Map.of("reason", "unregistered-gateway", "gatewayId", entry.getKey(),
                                    "events", Integer.toString(entry.getValue().size())));
                    continue;
                }
                registered.put(entry.getKey(), gateway.get());
                accepted.addAll(entry.getValue());
            }
            List<AuditEvent> withActors = withActors(p, accepted);
            // a replay can put the same event twice into one batch: insert it once, count the rest
            Map<UUID, AuditEvent> unique = new LinkedHashMap<>();
            withActors.forEach(e -> unique.putIfAbsent(e.eventId(), e));
            Set<UUID> inserted = audit.append(p, unique.values());
            long gaps = 0;
            Map<String, Integer> duplicates = duplicatesByGateway(withActors, inserted);
            for (var gateway : duplicates.entrySet()) {
                String gatewayId = gateway.getKey();
                gaps += checkSequence(p, registered.get(gatewayId), unique.values().stream()
                        .filter(e -> e.gatewayId().equals(gatewayId) && inserted.contains(e.eventId())).toList(),
                        withActors.stream().filter(e -> e.gatewayId().equals(gatewayId)).toList(), gateway.getValue());
            }
            List<AuditEvent> fresh = unique.values().stream().filter(e -> inserted.contains(e.eventId())).toList();
            // one lock update per batch, not one per event: the per-event UPDATE was most of the ingest time
            Map<String, LockStateChange> lockStates = new LinkedHashMap<>();
            for (AuditEvent e : fresh) {
                applyEffects(p, e).ifPresent(c -> lockStates.merge(c.lockId(), c, LockStateChange::then));
            }
            locks.updateStates(p, lockStates.values());
            webhooks.enqueue(p, fresh);
            return new IngestResult(inserted.size(), accepted.size() - inserted.size(), gaps, rejected, withActors);
        });
    }

    /**
     * Duplicates per gateway of one batch: every received event that did not insert a record, whether
     * its first copy is in this batch or was stored earlier, also when it is the gateway's only event
     * of the batch. Every gateway of the batch has an entry (0 when nothing was a duplicate).
     */
    static Map<String, Integer> duplicatesByGateway(List<AuditEvent> received, Set<UUID> inserted) {
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        Set<UUID> firstCopies = new java.util.HashSet<>();
        for (AuditEvent e : received) {
            boolean insertedNow = inserted.contains(e.eventId()) && firstCopies.add(e.eventId());
            duplicates.merge(e.gatewayId(), insertedNow ? 0 : 1, Integer::sum);
        }
        return duplicates;
    }

    /**
     * @param gateway as read earlier in this transaction: the one ingest worker is the only writer of its sequence
     * @param inserted the gateway's events this batch stored
     * @param delivered every event of the gateway in this batch, duplicates included
     */
    private long checkSequence(PropertyId p, Gateway gateway, List<AuditEvent> inserted, List<AuditEvent> delivered,
            int duplicates) {
        String gatewayId = gateway.gatewayId();
        Long last = gateway.lastSeq();
        long gaps = 0;
        for (long[] gap : sequenceGaps(last, delivered)) {
            gaps += gap[2];
            auditRecorder.record(p, "SEQUENCE_GAP", Priority.SECURITY, null, null, null,
                    Map.of("gatewayId", gatewayId, "fromSeq", Long.toString(gap[0]), "toSeq", Long.toString(gap[1]),
                            "missing", Long.toString(gap[2])));
            LOG.warn("Gateway {}/{}: {} event(s) missing between seq {} and {}", p, gatewayId, gap[2], gap[0] - 1,
                    gap[1] + 1);
        }
        Long before = last;
        for (AuditEvent e : inserted) {
            if (SequenceCheck.of(before, e.seq()).kind() == SequenceCheck.Kind.REPLAY) {
                LOG.warn("Gateway {}/{}: new event {} with old seq {} (last {})", p, gatewayId, e.eventId(), e.seq(),
                        before);
            }
        }
        for (AuditEvent e : delivered) {
            last = last == null ? e.seq() : Math.max(last, e.seq());
        }
        if (last != null || duplicates > 0) {
            gateways.recordSequence(p, gatewayId, last, gaps, duplicates);
        }
        return gaps;
    }

    /**
     * The seq holes in what a gateway delivered after {@code last}: {from, to, missing} each. Every
     * delivered copy counts, also one the ingest dropped as a duplicate by event id: a gateway that
     * stored an event twice after a crash (a lock controller's re-send; one event id, two seqs) used
     * both seqs, and nothing is missing between them.
     */
    static List<long[]> sequenceGaps(Long last, List<AuditEvent> delivered) {
        List<long[]> gaps = new ArrayList<>();
        Long seen = last;
        for (AuditEvent e : delivered.stream().sorted(Comparator.comparing(AuditEvent::seq)).toList()) {
            SequenceCheck check = SequenceCheck.of(seen, e.seq());
            if (check.kind() == SequenceCheck.Kind.GAP) {
                gaps.add(new long[] { seen + 1, e.seq() - 1, check.missing() });
            }
            seen = seen == null ? e.seq() : Math.max(seen, e.seq());
        }
        return gaps;
    }

    /**
     * Names the actor of each event that does not: the holder it names, else the holder of its
     * credential, else the issuer of its command. Credentials and commands are looked up once per
     * batch, not once per event: a replay is mostly key presentations.
     */
    private List<AuditEvent> withActors(PropertyId p, List<AuditEvent> events) {
        List<AuditEvent> unnamed = events.stream()
                .filter(e -> e.actor() == null && e.attributes().get("holder") == null).toList();
        Set<UUID> credentialIds = new java.util.HashSet<>();
        Set<UUID> commandIds = new java.util.HashSet<>();
        for (AuditEvent e : unnamed) {
            parseUuid(e.attributes().get("credentialId")).ifPresent(credentialIds::add);
            if (e.commandId() != null) {
                commandIds.add(e.commandId());
            }
        }
        Map<UUID, String> holders = credentials.holders(p, credentialIds);
        Map<UUID, String> issuers = commands.issuers(p, commandIds);
        return events.stream().map(e -> withActor(e, holders, issuers)).toList();
    }

    static AuditEvent withActor(AuditEvent e, Map<UUID, String> holders, Map<UUID, String> issuers) {
        if (e.actor() != null) {
            return e;
        }
        Optional<String> actor = Optional.ofNullable(e.attributes().get("holder"));
        if (actor.isEmpty()) {
            actor = parseUuid(e.attributes().get("credentialId")).map(holders::get);
        }
        if (actor.isEmpty() && e.commandId() != null) {
            actor = Optional.ofNullable(issuers.get(e.commandId()));
        }
        return actor.map(a -> new AuditEvent(e.eventId(), e.propertyId(), e.source(), e.gatewayId(), e.lockId(),
                e.seq(), e.type(), e.priority(), e.occurredAt(), e.receivedAt(), a, e.commandId(), e.outcome(),
                e.attributes())).orElse(e);
    }

    /** Command results now; the lock state change the event implies, if any, for the batch's one update. */
    private Optional<LockStateChange> applyEffects(PropertyId p, AuditEvent e) {
        if ("COMMAND_RESULT".equals(e.type()) && e.commandId() != null && e.outcome() != null) {
            commandService.resultReceived(p, e.commandId(), CommandOutcome.valueOf(e.outcome()));
        }
        return e.lockId() == null ? Optional.empty() : lockStateChange(e);
    }

    static Optional<LockStateChange> lockStateChange(AuditEvent e) {
        String bolt = null;
        String door = null;
        Integer battery = null;
        Boolean online = null;
        switch (e.type()) {
            case "LOCKED" -> bolt = "LOCKED";
            case "UNLOCKED" -> bolt = "UNLOCKED";
            case "JAMMED" -> bolt = "JAMMED";
            case "DOOR_OPENED" -> door = "OPEN";
            case "DOOR_CLOSED" -> door = "CLOSED";
            case "DOOR_AJAR" -> door = "AJAR";
            case "LOCK_OFFLINE" -> online = false;
            case "LOCK_ONLINE" -> online = true;
            case "BATTERY_LEVEL", "BATTERY_LOW" -> battery = parseBattery(e.attributes());
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new LockStateChange(e.lockId(), bolt, door, battery, online, e.occurredAt()));
    }

    /**
     * The battery level of a BATTERY_LEVEL / BATTERY_LOW event: attribute {@value #BATTERY_PERCENT}, as
     * every gateway adapter sends it (lock API {@code LockEventType}, contract README); null when absent
     * or not an integer 0..100.
     */
    static Integer parseBattery(Map<String, String> attributes) {
        String value = attributes.get(BATTERY_PERCENT);
        if (value == null) {
            return null;
        }
        try {
            int percent = Integer.parseInt(value);
            return percent >= 0 && percent <= 100 ? percent : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Optional<UUID> parseUuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
