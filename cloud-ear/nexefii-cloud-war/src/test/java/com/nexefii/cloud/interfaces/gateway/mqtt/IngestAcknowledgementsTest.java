package com.nexefii.cloud.interfaces.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.mqtt.contract.Channel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evt/ack the cloud sends after a commit: exactly the sequence numbers it holds, valid against the contract. */
class IngestAcknowledgementsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenStoredSeqsWithHolesDuplicatesAndDisorder_whenRanged_thenExactlyThoseSeqsInAscendingDisjointRanges() {
        List<long[]> ranges = IngestAcknowledgements.ranges(List.of(7L, 5L, 6L, 6L, 9L, 12L, 11L));
        assertThat(ranges).containsExactly(new long[] { 5, 7 }, new long[] { 9, 9 }, new long[] { 11, 12 });
    }

    @Test
    void givenOneSeq_whenRanged_thenOneSingleRange() {
        assertThat(IngestAcknowledgements.ranges(List.of(4711L))).containsExactly(new long[] { 4711, 4711 });
    }

    @Test
    void givenRanges_whenRendered_thenValidAgainstTheEventAckSchema() throws Exception {
        byte[] doc = IngestAcknowledgements.document(new PropertyId("hotel-a"), "gw-a1",
                List.of(new long[] { 4700, 4712 }, new long[] { 4714, 4714 }), Instant.parse("2026-11-25T10:00:00.520Z"));
        JsonNode json = JSON.readTree(doc);
        assertThat(new ContractValidator().violations(Channel.EVT_ACK, json)).isEmpty();
        assertThat(json.path("seqRanges").toString()).isEqualTo("[[4700,4712],[4714,4714]]");
        assertThat(json.path("gatewayId").asText()).isEqualTo("gw-a1");
    }
}
