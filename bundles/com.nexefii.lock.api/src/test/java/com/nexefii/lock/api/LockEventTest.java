package com.nexefii.lock.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class LockEventTest {

    @Test
    void givenAnEventKey_whenItsIdIsDerivedTwice_thenItIsTheSameUuidAndOnlyThisGatewaysKeyGivesIt() {
        String id = LockEvent.idFor("hotel-a", "gw-a1", "tcp/ctrl-a/C-1/7/42");

        assertThat(LockEvent.idFor("hotel-a", "gw-a1", "tcp/ctrl-a/C-1/7/42")).isEqualTo(id);
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(LockEvent.idFor("hotel-a", "gw-a1", "tcp/ctrl-a/C-1/7/43")).isNotEqualTo(id);
        assertThat(LockEvent.idFor("hotel-a", "gw-a2", "tcp/ctrl-a/C-1/7/42")).isNotEqualTo(id);
        assertThat(LockEvent.idFor("hotel-b", "gw-a1", "tcp/ctrl-a/C-1/7/42")).isNotEqualTo(id);
        // the parts cannot run into each other
        assertThat(LockEvent.idFor("a/b", "c", "k")).isNotEqualTo(LockEvent.idFor("a", "b/c", "k"));
    }

    @Test
    void givenAnEmptyKey_whenAnIdIsDerived_thenItIsRefused() {
        assertThatThrownBy(() -> LockEvent.idFor("hotel-a", "gw-a1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LockEvent.idFor("hotel-a", "gw-a1", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
