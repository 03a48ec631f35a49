package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandParamsTest {

    @Test
    void givenContractParameters_whenChecked_thenAccepted() {
        assertThatCode(() -> CommandService.checkParams(Map.of("relockAfterSeconds", "5", "credentialType", "PIN",
                "pin", "123456", "credentialId", "card-7"))).doesNotThrowAnyException();
    }

    @Test
    void givenUnknownOrOutOfRangeParameter_whenChecked_thenInvalidRequest() {
        assertThatThrownBy(() -> CommandService.checkParams(Map.of("openForever", "true"))).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> CommandService.checkParams(Map.of("relockAfterSeconds", "0"))).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> CommandService.checkParams(Map.of("relockAfterSeconds", "99999"))).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> CommandService.checkParams(Map.of("pin", "12a4"))).isInstanceOf(InvalidRequest.class);
    }
}
