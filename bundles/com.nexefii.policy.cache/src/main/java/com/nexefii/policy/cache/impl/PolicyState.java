package com.nexefii.policy.cache.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One policy version, immutable and indexed for decisions: grants by credential id, zones by
 * lock. Applying a message builds a new state; decisions read whichever state is current without
 * locking.
 */
final class PolicyState {

    /** Staff zone that covers every lock of the property. */
    static final String ALL_ZONES = "*";

    static final PolicyState EMPTY = new PolicyState(0, null, null, Map.of(), Map.of(), Map.of(), Map.of(), false,
            Set.of(), KeyRing.EMPTY);

    final long version;
    final String propertyId;
    final Instant issuedAt;
    final Map<String, Grant> grants;
    final Map<String, Instant> revoked;
    final Map<String, Set<String>> staffZones;
    final Map<String, Set<String>> zones;
    final boolean propertyLockdown;
    final Set<String> lockdownZones;
    final KeyRing keys;

    // indexes
    final Map<String, List<Grant>> grantsByCredential;
    final Map<String, Set<String>> zonesByLock;

    private PolicyState(long version, String propertyId, Instant issuedAt, Map<String, Grant> grants,
            Map<String, Instant> revoked, Map<String, Set<String>> staffZones, Map<String, Set<String>> zones,
            boolean propertyLockdown, Set<String> lockdownZones, KeyRing keys) {
        this.version = version;
        this.propertyId = propertyId;
        this.issuedAt = issuedAt;
        this.grants = Map.copyOf(grants);
        this.revoked = Map.copyOf(revoked);
        this.staffZones = Map.copyOf(staffZones);
        this.zones = Map.copyOf(zones);
        this.propertyLockdown = propertyLockdown;
        this.lockdownZones = Set.copyOf(lockdownZones);
        this.keys = keys;
        this.grantsByCredential = indexGrants(this.grants);
        this.zonesByLock = indexZones(this.zones);
    }

    /** A snapshot replaces everything. Revocations that expired before {@code now} are pruned. */
    static PolicyState fromSnapshot(PolicyMessage m, KeyRing previousKeys, int verifiedCapacity, Instant now)
            throws PolicyRejectedException {
        Map<String, Grant> grants = new HashMap<>();
        for (PolicyMessage.GrantDoc doc : nullToEmpty(m.grants())) {
            grants.put(doc.grantId(), Grant.of(doc));
        }
        Map<String, Instant> revoked = new HashMap<>();
        addRevocations(revoked, m.revocations(), now);
        Map<String, Set<String>> staffZones = new HashMap<>();
        for (PolicyMessage.StaffZoneDoc s : nullToEmpty(m.staffZones())) {
            staffZones.put(s.role(), Set.copyOf(s.zones()));
        }
        Map<String, Set<String>> zones = new HashMap<>();
        if (m.zones() != null) {
            m.zones().forEach((zone, locks) -> zones.put(zone, Set.copyOf(locks)));
        }
        boolean propertyLockdown = m.lockdown() != null && Boolean.TRUE.equals(m.lockdown().property());
        Set<String> lockdownZones = m.lockdown() == null || m.lockdown().zones() == null ? Set.of()
                : Set.copyOf(m.lockdown().zones());
        KeyRing keys = keys(m, previousKeys, verifiedCapacity);
        return new PolicyState(m.version(), m.propertyId(), PolicyJson.instant("issuedAt", m.issuedAt()), grants,
                revoked, staffZones, zones, propertyLockdown, lockdownZones, keys);
    }

    /**
     * A delta on top of this state: grants are upserted by id or removed, revocations added,
     * staff roles and zones replaced per key (an empty list removes one), lockdown fields and keys
     * replaced when present.
     */
    PolicyState applyDelta(PolicyMessage m, int verifiedCapacity, Instant now) throws PolicyRejectedException {
        Map<String, Grant> newGrants = new HashMap<>(grants);
        for (String removed : nullToEmpty(m.removedGrants())) {
            newGrants.remove(removed);
        }
        for (PolicyMessage.GrantDoc doc : nullToEmpty(m.grants())) {
            newGrants.put(doc.grantId(), Grant.of(doc));
        }
        Map<String, Instant> newRevoked = new HashMap<>();
        revoked.forEach((id, expiry) -> {
            if (!expiry.isBefore(now)) {
                newRevoked.put(id, expiry);
            }
        });
        addRevocations(newRevoked, m.revocations(), now);
        Map<String, Set<String>> newStaffZones = new HashMap<>(staffZones);
        for (PolicyMessage.StaffZoneDoc s : nullToEmpty(m.staffZones())) {
            if (s.zones().isEmpty()) {
                newStaffZones.remove(s.role());
            } else {
                newStaffZones.put(s.role(), Set.copyOf(s.zones()));
            }
        }
        Map<String, Set<String>> newZones = new HashMap<>(zones);
        if (m.zones() != null) {
            m.zones().forEach((zone, locks) -> {
                if (locks.isEmpty()) {
                    newZones.remove(zone);
                } else {
                    newZones.put(zone, Set.copyOf(locks));
                }
            });
        }
        boolean newPropertyLockdown = propertyLockdown;
        Set<String> newLockdownZones = lockdownZones;
        if (m.lockdown() != null) {
            if (m.lockdown().property() != null) {
                newPropertyLockdown = m.lockdown().property();
            }
            if (m.lockdown().zones() != null) {
                newLockdownZones = Set.copyOf(m.lockdown().zones());
            }
        }
        KeyRing newKeys = m.keys() == null ? keys : keys(m, keys, verifiedCapacity);
        return new PolicyState(m.version(), propertyId, PolicyJson.instant("issuedAt", m.issuedAt()), newGrants,
                newRevoked, newStaffZones, newZones, newPropertyLockdown, newLockdownZones, newKeys);
    }

    /** @return this state as a snapshot message: the persisted form */
    PolicyMessage toSnapshot() {
        List<PolicyMessage.GrantDoc> grantDocs = grants.values().stream()
                .sorted((a, b) -> a.grantId().compareTo(b.grantId())).map(Grant::toDoc).toList();
        List<PolicyMessage.RevocationDoc> revocationDocs = new TreeMap<>(revoked).entrySet().stream()
                .map(e -> new PolicyMessage.RevocationDoc(e.getKey(), e.getValue().toString())).toList();
        List<PolicyMessage.StaffZoneDoc> staffDocs = new TreeMap<>(staffZones).entrySet().stream()
                .map(e -> new PolicyMessage.StaffZoneDoc(e.getKey(), e.getValue().stream().sorted().toList()))
                .toList();
        Map<String, List<String>> zoneDocs = new TreeMap<>();
        zones.forEach((zone, locks) -> zoneDocs.put(zone, locks.stream().sorted().toList()));
        return new PolicyMessage(1, PolicyMessage.SNAPSHOT, propertyId, version, null, issuedAt.toString(), grantDocs,
                null, revocationDocs, staffDocs,
                new PolicyMessage.LockdownDoc(propertyLockdown, lockdownZones.stream().sorted().toList()), zoneDocs,
                keys.source());
    }

    List<Grant> grantsOf(String credentialId) {
        return grantsByCredential.getOrDefault(credentialId, List.of());
    }

    Set<String> zonesOf(String lockId) {
        return zonesByLock.getOrDefault(lockId, Set.of());
    }

    boolean revoked(String credentialId) {
        return revoked.containsKey(credentialId);
    }

    private static KeyRing keys(PolicyMessage m, KeyRing previous, int verifiedCapacity)
            throws PolicyRejectedException {
        if (m.keys() == null) {
            return KeyRing.EMPTY;
        }
        // Same key set: keep the ring, and with it the mobile keys it already verified.
        return previous.sameKeysAs(m.keys()) ? previous : KeyRing.parse(m.keys(), verifiedCapacity);
    }

    private static void addRevocations(Map<String, Instant> target, List<PolicyMessage.RevocationDoc> docs,
            Instant now) throws PolicyRejectedException {
        for (PolicyMessage.RevocationDoc r : nullToEmpty(docs)) {
            Instant expiry = PolicyJson.instant("expiresAt", r.expiresAt());
            if (!expiry.isBefore(now)) {
                target.merge(r.credentialId(), expiry, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
    }

    private static Map<String, List<Grant>> indexGrants(Map<String, Grant> grants) {
        Map<String, List<Grant>> index = new HashMap<>();
        for (Grant g : grants.values()) {
            for (String credentialId : g.credentialIds()) {
                index.computeIfAbsent(credentialId, k -> new ArrayList<>()).add(g);
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(index);
    }

    private static Map<String, Set<String>> indexZones(Map<String, Set<String>> zones) {
        Map<String, Set<String>> index = new HashMap<>();
        zones.forEach((zone, locks) -> {
            for (String lock : locks) {
                index.computeIfAbsent(lock, k -> new HashSet<>()).add(zone);
            }
        });
        index.replaceAll((k, v) -> Set.copyOf(v));
        return Collections.unmodifiableMap(index);
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
