package com.nexefii.cloud.domain.model.credential;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface CredentialRepository {

    void add(MobileKey key);

    Optional<MobileKey> find(PropertyId propertyId, UUID credentialId);

    /** The holders of those of the given credentials that exist, by credential id: one query for a batch. */
    Map<UUID, String> holders(PropertyId propertyId, Collection<UUID> credentialIds);

    List<MobileKey> ofHolder(PropertyId propertyId, String holder);

    List<MobileKey> ofStay(PropertyId propertyId, UUID stayId);

    /** @return the revocation, or empty when the credential was already revoked */
    Optional<Revocation> revoke(PropertyId propertyId, UUID credentialId, String revokedBy, String reason, Instant at);

    /** Revocations whose credentials have not expired yet at the given instant. */
    List<Revocation> revocationsInForce(PropertyId propertyId, Instant now);
}
