package com.nexefii.cloud.domain.model.gateway;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface GatewayRepository {

    void add(PropertyId propertyId, String gatewayId, String certFingerprint);

    Optional<Gateway> find(PropertyId propertyId, String gatewayId);

    List<Gateway> list(PropertyId propertyId);

    /** @return the status before the change, empty when the gateway is unknown */
    Optional<GatewayStatus> updateStatus(PropertyId propertyId, String gatewayId, GatewayStatus status,
            Map<String, String> versions, Instant seenAt);

    void touch(PropertyId propertyId, String gatewayId, Instant seenAt);

    /** Where the gateway's local API answers on the property network; null clears it. */
    void setLocalApiUrl(PropertyId propertyId, String gatewayId, String localApiUrl);

    /** The local API address of the gateway owning each of these locks, for the locks whose gateway has one. */
    Map<String, String> localApiUrlsOfLocks(PropertyId propertyId, List<String> lockIds);

    /** Records the ingest progress of a gateway's event sequence; lastSeq null leaves it unchanged. */
    void recordSequence(PropertyId propertyId, String gatewayId, Long lastSeq, long newGaps, long newDuplicates);
}
