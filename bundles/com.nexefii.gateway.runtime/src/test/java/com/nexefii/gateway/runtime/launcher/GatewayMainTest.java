package com.nexefii.gateway.runtime.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayMainTest {

    @TempDir
    Path data;

    @Test
    void givenNoEnvironmentKey_whenTheGatewayStartsTwice_thenOneGeneratedKeyIsKeptOwnerOnly() throws Exception {
        String first = GatewayMain.bleMasterKey(data, null);
        String second = GatewayMain.bleMasterKey(data, "  ");

        assertThat(Base64.getDecoder().decode(first)).hasSize(32);
        assertThat(second).isEqualTo(first);
        Path file = data.resolve(GatewayMain.BLE_MASTER_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void givenAnEnvironmentKey_thenItIsUsed_andNothingIsWrittenToTheDataDirectory() throws Exception {
        String key = GatewayMain.bleMasterKey(data, " c2l0ZS1rZXktZnJvbS10aGUtZW52aXJvbm1lbnQtMDEyMzQ1Ng== ");

        assertThat(key).isEqualTo("c2l0ZS1rZXktZnJvbS10aGUtZW52aXJvbm1lbnQtMDEyMzQ1Ng==");
        assertThat(data.resolve(GatewayMain.BLE_MASTER_KEY_FILE)).doesNotExist();
    }
}
