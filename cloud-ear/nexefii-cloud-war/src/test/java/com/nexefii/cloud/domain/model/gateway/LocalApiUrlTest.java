package com.nexefii.cloud.domain.model.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalApiUrlTest {

    @Test
    void givenAnHttpsAddressWithPortAndPath_whenChecked_thenKeptWithoutTrailingSlash() {
        assertThat(LocalApiUrl.check("https://192.168.10.2:8443/")).isEqualTo("https://192.168.10.2:8443");
        assertThat(LocalApiUrl.check("https://gw-a1.hotel.example/local")).isEqualTo("https://gw-a1.hotel.example/local");
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://192.168.10.2:8443", "ftp://gw", "https://", "https:///path", "//gw:8443",
            "https://user:pw@gw:8443", "https://gw:8443/?x=1", "https://gw:8443/#f", "not a url", " ",
            "javascript:alert(1)" })
    void givenAnAddressThatIsNotAPlainHttpsUrl_whenChecked_thenRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> LocalApiUrl.check(value));
    }

    @Test
    void givenAnOverlongAddress_whenChecked_thenRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> LocalApiUrl.check("https://gw/" + "a".repeat(2048)))
                .withMessageContaining("2048");
    }
}
