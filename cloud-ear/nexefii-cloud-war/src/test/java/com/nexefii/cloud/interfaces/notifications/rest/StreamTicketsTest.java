package com.nexefii.cloud.interfaces.notifications.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nexefii.cloud.application.Caller;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamTicketsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Caller GUEST = new Caller("guest-a1", Set.of("guest"), Optional.of(new PropertyId("hotel-a")));

    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @Test
    void givenAnIssuedTicket_whenRedeemedTwice_thenTheFirstGetsTheCallerAndTheSecondNothing() {
        StreamTickets tickets = new StreamTickets(Duration.ofSeconds(30), 100, clock);
        StreamTickets.Issued issued = tickets.issue(GUEST, T0.plusSeconds(300));

        assertThat(issued.ticket()).hasSize(43).doesNotContain("guest");
        assertThat(tickets.redeem(issued.ticket())).get().satisfies(g -> {
            assertThat(g.caller()).isEqualTo(GUEST);
            assertThat(g.tokenExpiresAt()).isEqualTo(T0.plusSeconds(300));
        });
        assertThat(tickets.redeem(issued.ticket())).isEmpty();
    }

    @Test
    void givenATicketPastItsLifetime_whenRedeemed_thenNothing() {
        StreamTickets tickets = new StreamTickets(Duration.ofSeconds(30), 100, clock);
        String ticket = tickets.issue(GUEST, T0.plusSeconds(300)).ticket();
        now = T0.plusSeconds(30);
        assertThat(tickets.redeem(ticket)).isEmpty();
    }

    @Test
    void givenATokenExpiringBeforeTheTicket_whenIssued_thenTheTicketExpiresWithTheToken() {
        StreamTickets tickets = new StreamTickets(Duration.ofSeconds(60), 100, clock);
        StreamTickets.Issued issued = tickets.issue(GUEST, T0.plusSeconds(5));
        assertThat(issued.expiresAt()).isEqualTo(T0.plusSeconds(5));
        now = T0.plusSeconds(5);
        assertThat(tickets.redeem(issued.ticket())).isEmpty();
    }

    @Test
    void givenForgedOrMalformedTickets_whenRedeemed_thenNothing() {
        StreamTickets tickets = new StreamTickets(Duration.ofSeconds(30), 100, clock);
        String real = tickets.issue(GUEST, T0.plusSeconds(300)).ticket();
        char last = real.charAt(42);
        assertThat(tickets.redeem(real.substring(0, 42) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(tickets.redeem(null)).isEmpty();
        assertThat(tickets.redeem("short")).isEmpty();
        assertThat(tickets.redeem(real)).isPresent();
    }

    @Test
    void givenTheOutstandingLimit_whenMoreAreAsked_thenRefusedUntilOldOnesExpire() {
        StreamTickets tickets = new StreamTickets(Duration.ofSeconds(10), 2, clock);
        tickets.issue(GUEST, T0.plusSeconds(300));
        tickets.issue(GUEST, T0.plusSeconds(300));
        assertThatThrownBy(() -> tickets.issue(GUEST, T0.plusSeconds(300))).isInstanceOf(IllegalStateException.class);
        now = T0.plusSeconds(10);
        assertThat(tickets.issue(GUEST, T0.plusSeconds(300)).ticket()).isNotBlank();
        assertThat(tickets.outstanding()).isEqualTo(1);
    }

    @Test
    void givenALifetimeOverAMinute_whenConfigured_thenRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new StreamTickets(Duration.ofSeconds(61), 10, clock))
                .hasMessageContaining("nexefii.notifications.ticket-ttl");
    }
}
