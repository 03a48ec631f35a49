package com.nexefii.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeploymentPackagesPluginOptionsTest {

    @Test
    void givenALimitInRange_thenItIsKeptInBytes() {
        assertThat(new DeploymentPackagesPluginOptions(8).maxUploadBytes()).isEqualTo(8L * 1024 * 1024);
    }

    @Test
    void givenALimitOutOfRange_thenRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new DeploymentPackagesPluginOptions(0)).hasMessageStartingWith("maxUploadMegabytes:");
        assertThatThrownBy(() -> new DeploymentPackagesPluginOptions(1025)).hasMessageContaining("was 1025");
    }
}
