package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Resolves every host to the given literal addresses, without DNS. */
    private static WebhookTargets resolvingTo(List<String> allowed, String... addresses) {
        return new WebhookTargets(Set.of("https", "http"), allowed,
                host -> java.util.Arrays.stream(addresses).map(WebhookTargetsTest::ip).toArray(InetAddress[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "169.254.0.1", "fe80::1", "fc00::1", "fd00:ec2::254", "fec0::1", "224.0.0.1",
            "ff02::1", "100.64.0.1", "100.100.100.200", "255.255.255.255", "240.0.0.1", "192.0.0.192", "198.18.0.1",
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1",
            "2002:a9fe:a9fe::1" })
    void givenHostResolvingToANonPublicAddress_whenChecked_thenRefusedNamingTheAddress(String address) {
        WebhookTargets targets = resolvingTo(List.of(), address);
        assertThatThrownBy(() -> targets.check(URI.create("https://hooks.example.com/in")))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("hooks.example.com resolves to")
                .hasMessageContaining("public addresses only");
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::6810:84e5",
            "2002:0808:0808::1" })
    void givenHostResolvingToPublicAddresses_whenChecked_thenAccepted(String address) {
        resolvingTo(List.of(), address).check(URI.create("https://hooks.example.com/in"));
    }

    @Test
    void givenOneOfSeveralAddressesIsPrivate_whenChecked_thenRefused() {
        assertThatThrownBy(() -> resolvingTo(List.of(), "93.184.216.34", "10.0.0.5")
                .check(URI.create("https://hooks.example.com/in"))).hasMessageContaining("10.0.0.5");
    }

    @Test
    void givenAllowListedAddressOrNetwork_whenChecked_thenAcceptedButNeighboursAreNot() {
        resolvingTo(List.of("127.0.0.1"), "127.0.0.1").check(URI.create("http://127.0.0.1:8080/hook"));
        resolvingTo(List.of("10.20.0.0/16"), "10.20.3.4").check(URI.create("https://pms.internal/hook"));
        resolvingTo(List.of("fd00::/8"), "fd12::1").check(URI.create("https://pms.internal/hook"));
        assertThatThrownBy(() -> resolvingTo(List.of("127.0.0.1"), "127.0.0.2").check(URI.create("http://x/hook")))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> resolvingTo(List.of("10.20.0.0/16"), "10.21.0.1").check(URI.create("https://x/hook")))
                .hasMessageContaining("private");
        assertThatThrownBy(() -> resolvingTo(List.of("127.0.0.1"), "::1").check(URI.create("http://[::1]/hook")))
                .hasMessageContaining("loopback");
    }

    @Test
    void givenLiteralAddressesInTheUrl_whenCheckedWithTheJdkResolver_thenClassifiedWithoutDns() {
        WebhookTargets targets = new WebhookTargets(Set.of("http", "https"), List.of(), InetAddress::getAllByName);
        assertThatThrownBy(() -> targets.check(URI.create("http://169.254.169.254/latest/meta-data/")))
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> targets.check(URI.create("http://[::ffff:7f00:1]/"))).hasMessageContaining("loopback");
        assertThatThrownBy(() -> targets.check(URI.create("http://localhost:9/"))).hasMessageContaining("loopback");
        targets.check(URI.create("https://93.184.216.34/hook"));
    }

    @Test
    void givenWrongSchemeOrNoHost_whenChecked_thenRefused() {
        WebhookTargets httpsOnly = new WebhookTargets(Set.of("https"), List.of(), h -> new InetAddress[] { ip("8.8.8.8") });
        assertThatThrownBy(() -> httpsOnly.check(URI.create("http://hooks.example.com/"))).hasMessageContaining("scheme");
        assertThatThrownBy(() -> httpsOnly.check(URI.create("file:///etc/passwd"))).hasMessageContaining("scheme");
        assertThatThrownBy(() -> httpsOnly.check(URI.create("https:relative"))).hasMessageContaining("host");
    }

    @Test
    void givenUnresolvableHost_whenChecked_thenRefusedAsUnresolved() {
        WebhookTargets targets = new WebhookTargets(Set.of("https"), List.of(), h -> {
            throw new UnknownHostException(h);
        });
        assertThatThrownBy(() -> targets.check(URI.create("https://nowhere.invalid/")))
                .isInstanceOfSatisfying(WebhookTargets.TargetRefused.class, e -> assertThat(e.unresolved()).isTrue())
                .hasMessageContaining("does not resolve");
    }

    @Test
    void givenNameRebindingToMetadataAfterSubscription_whenCheckedAgainAtDelivery_thenRefused() {
        Deque<String> answers = new ArrayDeque<>(List.of("93.184.216.34", "169.254.169.254"));
        WebhookTargets targets = new WebhookTargets(Set.of("https"), List.of(),
                h -> new InetAddress[] { ip(answers.removeFirst()) });
        URI url = URI.create("https://rebind.example.com/hook");
        targets.check(url); // at subscription: public
        assertThatThrownBy(() -> targets.check(url)) // at delivery: the metadata service
                .isInstanceOfSatisfying(WebhookTargets.TargetRefused.class, e -> assertThat(e.unresolved()).isFalse())
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void givenMalformedAllowList_whenStarting_thenFailsNamingTheProperty() {
        for (String bad : List.of("10.0.0.0/33", "pms.internal", "10.0.0.0/x")) {
            assertThatThrownBy(() -> resolvingTo(List.of(bad), "8.8.8.8"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nexefii.webhook.allowed-addresses");
        }
    }
}
