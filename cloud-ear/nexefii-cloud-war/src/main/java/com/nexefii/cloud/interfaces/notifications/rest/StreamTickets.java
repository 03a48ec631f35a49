package com.nexefii.cloud.interfaces.notifications.rest;

import com.nexefii.cloud.application.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time tickets for opening the notification stream with a URL alone (a browser's EventSource
 * cannot send an Authorization header, and an access token must never go into a URL: URLs end up
 * in logs, proxies and browser history). A ticket is 256 random bits, bound to the caller (user,
 * property, roles) and the access token's expiry, valid for at most a minute and redeemable once.
 * Only its SHA-256 is held, so a heap dump or a debugger does not hand out live tickets either.
 *
 * <p>Held in this node's memory: the cloud runs one instance (the broker binds the cloud's MQTT
 * identity to one session). Several nodes would need the table in PostgreSQL or sticky routing.
 */
public final class StreamTickets {

    /** The longest a ticket may live: long enough to open a connection, short enough to be useless later. */
    public static final Duration MAX_TTL = Duration.ofSeconds(60);

    /** What a redeemed ticket stands for. */
    public record Grant(Caller caller, Instant tokenExpiresAt) {
    }

    public record Issued(String ticket, Instant expiresAt) {
    }

    private record Entry(Grant grant, Instant expiresAt) {
    }

    private final Map<String, Entry> tickets = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxOutstanding;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StreamTickets(Duration ttl, int maxOutstanding, Clock clock) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("nexefii.notifications.ticket-ttl: " + ttl + " is outside PT1S..PT60S");
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("nexefii.notifications.max-outstanding-tickets: at least 1");
        }
        this.ttl = ttl;
        this.maxOutstanding = maxOutstanding;
        this.clock = clock;
    }

    /** A new ticket for this caller, never outliving the token it was bought with. */
    public Issued issue(Caller caller, Instant tokenExpiresAt) {
        Instant now = clock.instant();
        if (tickets.size() >= maxOutstanding) {
            purge(now);
            if (tickets.size() >= maxOutstanding) {
                throw new IllegalStateException("too many outstanding stream tickets");
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(ttl);
        if (tokenExpiresAt.isBefore(expiresAt)) {
            expiresAt = tokenExpiresAt;
        }
        tickets.put(hash(ticket), new Entry(new Grant(caller, tokenExpiresAt), expiresAt));
        return new Issued(ticket, expiresAt);
    }

    /** The grant of an unused, unexpired ticket, which is used up by this call; empty otherwise. */
    public Optional<Grant> redeem(String ticket) {
        if (ticket == null || ticket.length() != 43) {
            return Optional.empty();
        }
        Entry entry = tickets.remove(hash(ticket));
        if (entry == null || !clock.instant().isBefore(entry.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(entry.grant());
    }

    /** Tickets issued and neither redeemed nor purged yet. */
    public int outstanding() {
        return tickets.size();
    }

    /** Forgets expired tickets. */
    public void purge(Instant now) {
        tickets.values().removeIf(e -> !now.isBefore(e.expiresAt()));
    }

    private static String hash(String ticket) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
