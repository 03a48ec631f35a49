package com.nexefii.policy.cache.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.service.ServiceAware;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.policy.cache.ApplyResult;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.PolicyCache;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;
import com.nexefii.policy.cache.testing.CloudIssuer;
import com.nexefii.lock.testing.RecordingListener;

@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = CloudIssuer.PROPERTY),
        @Property(key = "gatewayId", value = "gw-it") })
@WithConfiguration(pid = PolicyCache.PID, location = "?", properties = {
        @Property(key = "scheduleTimeZone", value = "UTC") })
class PolicyCacheInFrameworkTest {

    private static final String ROOM = "room-001";
    private static final String COMPONENT = "com.nexefii.policy.cache.impl.PolicyCacheComponent";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ServiceAware<PolicyCache> policyService;

    final CloudIssuer cloud = new CloudIssuer("cloud-it-1");

    /** Each test gets a version above whatever the cache already holds: the file outlives tests. */
    private long applySnapshot(PolicyCache cache) {
        long version = cache.version() + 10;
        ApplyResult result = cache.apply(cloud.snapshot(version, List.of(ROOM, "room-002")));
        assertThat(result.applied()).as(String.valueOf(result)).isTrue();
        return version;
    }

    @Test
    void givenASnapshot_whenAValidMobileKeyIsPresented_thenGrantedAndAuditedThroughTheRealPublisher() {
        PolicyCache cache = policyService.getService();
        applySnapshot(cache);
        String key = cloud.mobileKey("mk-it-1", ROOM, Instant.now());
        try (RecordingListener audit = new RecordingListener(context)) {

            Decision decision = cache.decide(key, ROOM, Instant.now());

            assertThat(decision.reason()).isEqualTo(Reason.GRANTED);
            LockEvent event = audit.awaitEvent(e -> e.type() == LockEventType.ACCESS_GRANTED);
            assertThat(event.lockId()).isEqualTo(ROOM);
            assertThat(event.propertyId()).isEqualTo(CloudIssuer.PROPERTY);
            assertThat(event.gatewayId()).isEqualTo("gw-it");
            assertThat(event.sequence()).isPositive();
            assertThat(event.attributes()).containsEntry("credentialId", "mk-it-1").containsEntry("reason", "GRANTED")
                    .doesNotContainValue(key);
        }
    }

    @Test
    void givenASnapshot_whenAForgedKeyAndAStrangerArePresented_thenEachDeniedAndAudited() {
        PolicyCache cache = policyService.getService();
        applySnapshot(cache);
        String forged = CloudIssuer.sign(new com.nimbusds.jwt.JWTClaimsSet.Builder().jwtID("mk-forged")
                .issuer("nexefii-cloud").audience("nexefii-gateway").subject("mallory"),
                new CloudIssuer("cloud-it-1").key());
        try (RecordingListener audit = new RecordingListener(context)) {

            assertThat(cache.decide(forged, ROOM, Instant.now()).reason()).isEqualTo(Reason.BAD_SIGNATURE);
            assertThat(cache.decideStaff(new StaffRequest("housekeeping-9", Set.of("guest"), ROOM, CommandType.UNLOCK,
                    Instant.now())).reason()).isEqualTo(Reason.NOT_PERMITTED);

            audit.awaitEvent(e -> e.type() == LockEventType.ACCESS_DENIED
                    && "BAD_SIGNATURE".equals(e.attributes().get("reason"))
                    && "false".equals(e.attributes().get("credentialVerified")));
            audit.awaitEvent(e -> e.type() == LockEventType.ACCESS_DENIED
                    && "NOT_PERMITTED".equals(e.attributes().get("reason"))
                    && "housekeeping-9".equals(e.attributes().get("credentialId")));
        }
    }

    @Test
    void givenAGrantedKey_whenTheCloudRevokesItInADelta_thenTheNextDecisionIsDenied() {
        PolicyCache cache = policyService.getService();
        long version = applySnapshot(cache);
        String key = cloud.mobileKey("mk-it-revoked", ROOM, Instant.now());
        assertThat(cache.decide(key, ROOM, Instant.now()).reason()).isEqualTo(Reason.GRANTED);
        byte[] delta = cloud.revocation(version, version + 1, "mk-it-revoked", Instant.now().plusSeconds(7200));

        long start = System.nanoTime();
        ApplyResult applied = cache.apply(delta);
        long appliedAt = System.nanoTime();
        Decision after = cache.decide(key, ROOM, Instant.now());
        long decidedAt = System.nanoTime();

        assertThat(applied.applied()).isTrue();
        assertThat(after.reason()).isEqualTo(Reason.REVOKED);
        System.out.printf("Revocation propagation on the gateway: apply (parse, swap, fsync) %.2f ms, next decision "
                + "(audited) %.3f ms, revocation to denial %.2f ms%n", (appliedAt - start) / 1e6,
                (decidedAt - appliedAt) / 1e6, (decidedAt - start) / 1e6);
    }

    @Test
    void givenAnAppliedPolicy_whenTheComponentRestarts_thenItDecidesFromThePersistedPolicy(
            @InjectService ServiceComponentRuntime scr) throws Exception {
        PolicyCache cache = policyService.getService();
        long version = applySnapshot(cache);
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(
                policyService.getServiceReference().getBundle(), COMPONENT);

        scr.disableComponent(description).getValue();
        await().atMost(RecordingListener.WAIT).until(() -> policyService.getService() == null);
        scr.enableComponent(description).getValue();
        PolicyCache restarted = await().atMost(RecordingListener.WAIT).until(policyService::getService, s -> s != null);

        assertThat(restarted).isNotSameAs(cache);
        assertThat(restarted.version()).isEqualTo(version);
        assertThat(restarted.decide(cloud.mobileKey("mk-it-2", ROOM, Instant.now()), ROOM, Instant.now()).reason())
                .isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenAStaleOrForeignPolicy_whenApplied_thenIgnoredOrRejectedAndTheVersionKept() {
        PolicyCache cache = policyService.getService();
        long version = applySnapshot(cache);

        assertThat(cache.apply(cloud.snapshot(version - 1, List.of(ROOM))).status())
                .isEqualTo(ApplyResult.Status.IGNORED);
        assertThat(cache.apply(cloud.revocation(version - 5, version + 3, "x", Instant.now())).needSnapshot()).isTrue();
        assertThat(cache.apply("{\"v\":1}".getBytes()).rejection()).isPresent();
        assertThat(cache.version()).isEqualTo(version);
    }
}
