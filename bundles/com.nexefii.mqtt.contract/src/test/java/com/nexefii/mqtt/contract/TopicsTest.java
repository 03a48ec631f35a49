package com.nexefii.mqtt.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void givenIds_whenTopicBuilt_thenSchemeIsPropertyGatewayChannel() {
        assertThat(Topics.of("hotel-a", "gw-a1", Channel.POLICY_ACK).topic()).isEqualTo("nexefii/v1/hotel-a/gw-a1/policy/ack");
    }

    @Test
    void givenContractTopic_whenParsed_thenRoundTrips() {
        assertThat(Topics.parse("nexefii/v1/hotel-a/gw-a1/evt")).contains(Topics.of("hotel-a", "gw-a1", Channel.EVT));
    }

    @Test
    void givenEventAckTopic_whenParsed_thenCloudToGatewayChannelOfThatGateway() {
        assertThat(Topics.parse("nexefii/v1/hotel-a/gw-a1/evt/ack")).contains(Topics.of("hotel-a", "gw-a1", Channel.EVT_ACK));
        assertThat(Channel.EVT_ACK.direction()).isEqualTo(Channel.Direction.CLOUD_TO_GATEWAY);
        assertThat(Channel.EVT_ACK.schema()).isEqualTo("event-ack");
    }

    @Test
    void givenForeignOrWildcardTopic_whenParsed_thenEmpty() {
        assertThat(Topics.parse("nexefii/v1/hotel-a/+/evt")).isEmpty();
        assertThat(Topics.parse("nexefii/v1/hotel-a/gw-a1/evt/extra")).isEmpty();
        assertThat(Topics.parse("other/v1/hotel-a/gw-a1/evt")).isEmpty();
    }

    @Test
    void givenIdWithWildcard_whenTopicBuilt_thenRejected() {
        assertThatThrownBy(() -> Topics.of("hotel-a", "#", Channel.CMD)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gatewayId");
    }

    @Test
    void givenCloudSubscription_whenBuilt_thenSingleLevelWildcards() {
        assertThat(Topics.allGateways(Channel.EVT)).isEqualTo("nexefii/v1/+/+/evt");
    }
}
