package com.nexefii.cloud.domain.model.rollout;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Packages (platform), rollouts (platform) and their steps (per property, row-level secured). */
public interface RolloutRepository {

    void addPackage(SoftwarePackage p, byte[] content);

    Optional<SoftwarePackage> findPackage(UUID packageId);

    Optional<SoftwarePackage> findPackage(String name, String version);

    Optional<byte[]> packageContent(UUID packageId);

    List<SoftwarePackage> listPackages();

    void addRollout(Rollout rollout);

    Optional<Rollout> findRollout(UUID rolloutId);

    /** Locks the row until the transaction ends. */
    Optional<Rollout> lockRollout(UUID rolloutId);

    Optional<Rollout> lockRolloutByCommand(UUID commandId);

    List<Rollout> listRollouts(int limit);

    List<UUID> runningRolloutIds();

    void updateRollout(Rollout rollout);

    /** Needs a transaction bound to the step's property. */
    void addStep(RolloutStep step);

    /** Needs a transaction bound to the step's property. */
    void updateStep(PropertyId propertyId, UUID commandId, PackageStage stage, String detail, Instant at);

    /** The steps of the property bound to the transaction (all rollouts, newest first). */
    List<RolloutStep> steps(PropertyId propertyId, int limit);
}
