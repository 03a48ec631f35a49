package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.CredentialType;

/** Credential ids to lock user slots and back, kept across restarts. */
class CredentialSlotsTest {

    @TempDir
    Path dir;

    @Test
    void givenCredentials_whenAssigned_thenLowestFreeSlotPerTypeAndTheSameSlotAgain() {
        CredentialSlots slots = new CredentialSlots(dir.resolve("lock/credentials.properties"));

        assertThat(slots.assign(CredentialType.PIN, "guest-1")).isEqualTo(1);
        assertThat(slots.assign(CredentialType.PIN, "guest-2")).isEqualTo(2);
        assertThat(slots.assign(CredentialType.CARD, "04A1B2")).isEqualTo(1);
        assertThat(slots.assign(CredentialType.PIN, "guest-1")).isEqualTo(1);

        slots.release(CredentialType.PIN, "guest-1");
        assertThat(slots.assign(CredentialType.PIN, "guest-3")).isEqualTo(1);
    }

    @Test
    void givenAssignedSlots_whenReloaded_thenBothDirectionsSurvive() {
        Path file = dir.resolve("credentials.properties");
        new CredentialSlots(file).assign(CredentialType.PIN, "guest=with:odd chars");

        CredentialSlots reloaded = new CredentialSlots(file);

        assertThat(reloaded.find(CredentialType.PIN, "guest=with:odd chars")).hasValue(1);
        assertThat(reloaded.credentialAt(CredentialType.PIN, 1)).hasValue("guest=with:odd chars");
        assertThat(reloaded.credentialAt(CredentialType.CARD, 1)).isEmpty();
    }
}
