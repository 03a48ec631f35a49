package com.nexefii.cloud.interfaces.gateway.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nexefii.cloud.application.GatewayLink;
import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.metrics.CloudMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's side of the contract's ingest acknowledgement ({@code evt/ack}): called only after the
 * records are committed, it tells each gateway which of its sequence numbers the cloud now holds, so
 * the gateway may delete exactly those from its store. A lost acknowledgement costs a resend (ingest
 * is idempotent by event id), never an event.
 */
@ApplicationScoped
public class IngestAcknowledgements {

    private static final Logger LOG = LoggerFactory.getLogger(IngestAcknowledgements.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The schema's maxItems for seqRanges: longer lists go out as several acknowledgements. */
    static final int MAX_RANGES = 2048;

    @Inject
    GatewayLink link;
    @Inject
    CloudMetrics metrics;
    @Inject
    Clock clock;

    private record GatewayKey(PropertyId propertyId, String gatewayId) {
    }

    /** Acknowledges committed gateway events, one message per gateway (cloud records carry no seq). */
    public void committed(Collection<AuditEvent> events) {
        Map<GatewayKey, List<Long>> seqs = new LinkedHashMap<>();
        for (AuditEvent e : events) {
            if (e.source() == AuditEvent.Source.GATEWAY && e.gatewayId() != null && e.seq() != null) {
                seqs.computeIfAbsent(new GatewayKey(e.propertyId(), e.gatewayId()), k -> new ArrayList<>()).add(e.seq());
            }
        }
        seqs.forEach((gateway, list) -> send(gateway.propertyId(), gateway.gatewayId(), list));
    }

    /** Acknowledges an event the cloud refused for good once its refusal is in the audit: it must not block the gateway's queue. */
    public void refused(PropertyId propertyId, String gatewayId, long seq) {
        send(propertyId, gatewayId, List.of(seq));
    }

    private void send(PropertyId propertyId, String gatewayId, Collection<Long> seqs) {
        List<long[]> ranges = ranges(seqs);
        Instant at = clock.instant();
        for (int from = 0; from < ranges.size(); from += MAX_RANGES) {
            byte[] document = document(propertyId, gatewayId, ranges.subList(from, Math.min(ranges.size(), from + MAX_RANGES)), at);
            link.sendEventAck(propertyId, gatewayId, document).whenComplete((ok, failure) -> {
                metrics.eventAck(failure == null);
                if (failure != null) {
                    LOG.debug("evt/ack to {}/{} not sent ({}); the gateway will send its events again", propertyId,
                            gatewayId, failure.toString());
                }
            });
        }
    }

    /** @return ascending, disjoint inclusive [from, to] pairs covering exactly {@code seqs} */
    static List<long[]> ranges(Collection<Long> seqs) {
        List<long[]> ranges = new ArrayList<>();
        long[] open = null;
        for (long seq : new TreeSet<>(seqs)) {
            if (open != null && seq == open[1] + 1) {
                open[1] = seq;
            } else {
                open = new long[] { seq, seq };
                ranges.add(open);
            }
        }
        return ranges;
    }

    /** The event-ack.schema.json document. */
    static byte[] document(PropertyId propertyId, String gatewayId, List<long[]> ranges, Instant at) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("v", 1);
        doc.put("propertyId", propertyId.value());
        doc.put("gatewayId", gatewayId);
        ArrayNode list = doc.putArray("seqRanges");
        for (long[] r : ranges) {
            list.addArray().add(r[0]).add(r[1]);
        }
        doc.put("at", at.toString());
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
