package com.nexefii.cloud.domain.model.command;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

public interface CommandRepository {

    void add(Command command);

    Optional<Command> find(PropertyId propertyId, UUID commandId);

    /** Who issued those of the given commands that exist, by command id: one query for a batch. */
    Map<UUID, String> issuers(PropertyId propertyId, Collection<UUID> commandIds);

    Optional<Command> findByIdempotencyKey(PropertyId propertyId, String idempotencyKey);

    List<Command> list(PropertyId propertyId, CommandState state, int limit);

    /** Commands waiting for a gateway, oldest first. */
    List<Command> pendingFor(PropertyId propertyId, String gatewayId, Instant now);

    /**
     * Moves a command if its current state allows it (compare-and-set in the database so that two
     * nodes or a late result cannot move a final command).
     *
     * @return true when the command moved
     */
    boolean transition(PropertyId propertyId, UUID commandId, CommandState to, CommandOutcome outcome, Instant at);

    /** Marks every non-final command whose TTL has passed as expired; returns the expired ids. */
    List<UUID> expireDue(PropertyId propertyId, Instant now);

    long countInState(PropertyId propertyId, CommandState state);
}
