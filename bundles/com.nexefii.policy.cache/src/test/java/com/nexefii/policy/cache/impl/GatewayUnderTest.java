package com.nexefii.policy.cache.impl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import com.nexefii.lock.testing.RecordingPublisher;

/**
 * TEST FIXTURE: a policy cache over a temporary directory with a fixed clock, an event recorder
 * and a cloud signer, plus the standard hotel-a policy the scenarios start from.
 */
final class GatewayUnderTest {

    static final String PROPERTY = "hotel-a";
    static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");
    static final String ROOM = "sim-a-101";
    static final String NEIGHBOUR = "sim-a-102";
    static final String OTHER_FLOOR = "sim-a-201";
    static final String SPA = "spa-1";
    static final String GUEST_KEY = "mk-7f3a";
    static final String SPA_KEY = "mk-spa";
    static final String CARD = "card-04a1";

    final Path dataDirectory;
    final RecordingPublisher publisher = new RecordingPublisher(PROPERTY, "gw-test");
    final CloudSigner signer = new CloudSigner("cloud-2026-11");
    PolicyCacheComponent cache;

    GatewayUnderTest(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.cache = start();
    }

    static PolicyCacheOptions options(Path dataDirectory) {
        return new PolicyCacheOptions(dataDirectory, CloudSigner.ISSUER, CloudSigner.AUDIENCE, Duration.ofSeconds(30),
                ZoneOffset.UTC, Set.of("property-admin"), 1000, 1024 * 1024);
    }

    /** A new instance over the same directory: what a gateway restart looks like. */
    PolicyCacheComponent start() {
        return new PolicyCacheComponent(options(dataDirectory), publisher, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    PolicyCacheComponent restart() {
        cache = start();
        return cache;
    }

    Policies standardSnapshot(long version) {
        return Policies.snapshot(PROPERTY, version)
                .grant("stay-1001", GUEST_KEY, List.of(ROOM), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), null)
                .grant("card-1001", CARD, List.of(ROOM), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), null)
                .grant("spa-1001", SPA_KEY, List.of(SPA), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)), "07:00-12:00")
                .zone("floor-1", ROOM, NEIGHBOUR)
                .zone("floor-2", OTHER_FLOOR)
                .staff("staff", "floor-1")
                .staff("property-admin", "*")
                .revoke("mk-0001", NOW.plus(Duration.ofDays(2)))
                .lockdown(false)
                .keys(signer.publicJwks());
    }

    /** A valid guest key for the room, an hour either side of now. */
    String guestKey() {
        return signer.sign(CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW));
    }
}
