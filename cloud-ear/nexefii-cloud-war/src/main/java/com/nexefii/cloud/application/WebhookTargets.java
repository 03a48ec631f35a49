package com.nexefii.cloud.application;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where webhooks may be delivered. A webhook URL is chosen by a property admin but fetched by the
 * cloud, from inside its network: without this check it would reach the cloud's own services,
 * the provider's metadata service (169.254.169.254: credentials) or hosts of the private network
 * (server-side request forgery). The host is resolved and every address it resolves to must be
 * public: not loopback, unspecified, link-local, private (site-local, unique local, shared CGNAT
 * space), multicast, broadcast or reserved, nor such an address embedded in an IPv6 one. Addresses
 * or networks listed in {@code nexefii.webhook.allowed-addresses} (e.g. {@code 127.0.0.1},
 * {@code 10.20.0.0/16}) are allowed anyway. The check runs when a webhook is subscribed and again
 * before every delivery, because the name may resolve elsewhere by then (DNS rebinding).
 */
@ApplicationScoped
public class WebhookTargets {

    /** Resolves a host name to its addresses; the JDK's resolver outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL the cloud will not call; the message says why, for the admin who gave it. */
    public static class TargetRefused extends InvalidRequest {
        private final boolean unresolved;

        TargetRefused(String detail, boolean unresolved) {
            super(detail);
            this.unresolved = unresolved;
        }

        /** The host did not resolve (perhaps only for now), as opposed to resolving somewhere forbidden. */
        public boolean unresolved() {
            return unresolved;
        }
    }

    @Inject
    @ConfigProperty(name = "nexefii.webhook.allowed-schemes", defaultValue = "https")
    Set<String> allowedSchemes;
    @Inject
    @ConfigProperty(name = "nexefii.webhook.allowed-addresses")
    Optional<String> allowedAddresses; // comma separated; Payara cannot inject Optional<List<String>>

    private Resolver resolver = InetAddress::getAllByName;
    private List<Network> allowList = List.of();

    protected WebhookTargets() {
    }

    /** For tests: explicit settings and resolver. */
    public WebhookTargets(Set<String> allowedSchemes, List<String> allowedAddresses, Resolver resolver) {
        this.allowedSchemes = allowedSchemes;
        this.allowedAddresses = Optional.of(String.join(",", allowedAddresses));
        this.resolver = resolver;
        init();
    }

    @PostConstruct
    void init() {
        List<Network> networks = new ArrayList<>();
        for (String entry : allowedAddresses.orElse("").split(",")) {
            if (!entry.isBlank()) {
                networks.add(Network.parse(entry.trim()));
            }
        }
        allowList = List.copyOf(networks);
    }

    /**
     * Checks a webhook URL: scheme, host, and every address the host resolves to now.
     *
     * @throws TargetRefused (an {@link InvalidRequest}, 400) naming the reason
     */
    public void check(URI url) {
        if (url == null || url.getScheme() == null || !allowedSchemes.contains(url.getScheme().toLowerCase(Locale.ROOT))
                || url.getHost() == null || url.getHost().isBlank()) {
            throw new TargetRefused("webhook url must be absolute with a host and a scheme in " + allowedSchemes, false);
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new TargetRefused("webhook host " + host + " does not resolve", true);
        }
        if (addresses == null || addresses.length == 0) {
            throw new TargetRefused("webhook host " + host + " does not resolve", true);
        }
        for (InetAddress address : addresses) {
            String forbidden = forbidden(address);
            if (forbidden != null && allowList.stream().noneMatch(n -> n.contains(address))) {
                throw new TargetRefused("webhook host " + host + " resolves to " + address.getHostAddress() + ", a "
                        + forbidden + " address; webhooks are delivered to public addresses only"
                        + " (nexefii.webhook.allowed-addresses lists exceptions)", false);
            }
        }
    }

    /** Why an address is not a public unicast one, or null when it is. */
    static String forbidden(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local (cloud metadata)";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return forbiddenIpv4(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private (unique local)"; // fc00::/7, also AWS's metadata fd00:ec2::254
            }
            if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "private (site-local)"; // fec0::/10, deprecated
            }
            byte[] embedded = embeddedIpv4(b);
            if (embedded != null) {
                try {
                    String inner = forbidden(InetAddress.getByAddress(embedded));
                    return inner == null ? null : inner + " (embedded in IPv6)";
                } catch (UnknownHostException e) {
                    return "malformed";
                }
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "documentation"; // 2001:db8::/32
            }
        }
        return null;
    }

    private static String forbiddenIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return "unspecified (0.0.0.0/8)";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "private (shared CGNAT space, also a cloud metadata range)"; // 100.64.0.0/10: 100.100.100.200
        }
        if (a0 == 192 && a1 == 0 && a2 == 0) {
            return "reserved (IETF protocol assignments)"; // 192.0.0.0/24
        }
        if (a0 == 198 && (a1 & 0xfe) == 18) {
            return "reserved (benchmarking)"; // 198.18.0.0/15
        }
        if (a0 >= 240) {
            return "reserved or broadcast"; // 240.0.0.0/4 and 255.255.255.255
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean zeros96 = true;
        for (int i = 0; i < 12; i++) {
            zeros96 &= b[i] == 0;
        }
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (zeros96 || nat64) {
            return new byte[] { b[12], b[13], b[14], b[15] };
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return new byte[] { b[2], b[3], b[4], b[5] };
        }
        return null;
    }

    /** An address or CIDR network of the allow list. */
    record Network(byte[] prefix, int bits) {

        static Network parse(String text) {
            String address = text;
            int bits = -1;
            int slash = text.indexOf('/');
            if (slash >= 0) {
                address = text.substring(0, slash);
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw invalid(text);
                }
            }
            if (!address.matches("^[0-9a-fA-F:.]+$")) {
                throw invalid(text); // literal addresses only: a name would be resolved here, at startup
            }
            byte[] prefix;
            try {
                prefix = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw invalid(text);
            }
            if (bits < 0) {
                bits = prefix.length * 8;
            }
            if (bits > prefix.length * 8) {
                throw invalid(text);
            }
            return new Network(prefix, bits);
        }

        private static IllegalArgumentException invalid(String text) {
            return new IllegalArgumentException("nexefii.webhook.allowed-addresses: '" + text
                    + "' is not an IP address or CIDR network (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)");
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (prefix[full] & mask);
        }
    }
}
