package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    private final Caller staffA = new Caller("staff-a", Set.of(Roles.STAFF), Optional.of(new PropertyId("hotel-a")));

    @Test
    void givenStaffOfPropertyA_whenScopingToA_thenAllowed() {
        assertThat(staffA.scope("hotel-a")).isEqualTo(new PropertyId("hotel-a"));
    }

    @Test
    void givenStaffOfPropertyA_whenScopingToB_thenNotFoundNotForbidden() {
        assertThatThrownBy(() -> staffA.scope("hotel-b")).isInstanceOf(ResourceNotFound.class)
                .extracting(e -> ((ApplicationFailure) e).status()).isEqualTo(404);
    }

    @Test
    void givenAnyCaller_whenIdIsNotASlug_thenNotFound() {
        assertThatThrownBy(() -> staffA.scope("hotel-a' or '1'='1")).isInstanceOf(ResourceNotFound.class);
        assertThatThrownBy(() -> staffA.scope("+")).isInstanceOf(ResourceNotFound.class);
    }

    @Test
    void givenPlatformAdminWithoutTenant_whenScopingToAnyProperty_thenAllowed() {
        Caller admin = new Caller("platform-admin", Set.of(Roles.PLATFORM_ADMIN), Optional.empty());
        assertThat(admin.scope("hotel-b")).isEqualTo(new PropertyId("hotel-b"));
    }

    @Test
    void givenCallerWithoutTenant_whenAskingForOwnProperty_thenForbidden() {
        Caller nobody = new Caller("x", Set.of(Roles.GUEST), Optional.empty());
        assertThatThrownBy(nobody::ownProperty).isInstanceOf(ActionNotAllowed.class);
    }
}
