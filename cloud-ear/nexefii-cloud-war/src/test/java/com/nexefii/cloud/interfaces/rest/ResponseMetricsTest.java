package com.nexefii.cloud.interfaces.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.interfaces.access.rest.MeResource;
import com.nexefii.cloud.interfaces.property.rest.AuditResource;
import com.nexefii.cloud.interfaces.property.rest.LockResource;
import org.junit.jupiter.api.Test;

class ResponseMetricsTest {

    @Test
    void givenResourceMethods_whenNamingTheEndpoint_thenThePathTemplateNotTheRequestedPath() throws Exception {
        assertThat(ResponseMetrics.template(LockResource.class.getMethod("unlock", String.class,
                LockResource.RemoteRequest.class, String.class), LockResource.class))
                .isEqualTo("/api/v1/properties/{propertyId}/locks/{lockId}/unlock");
        assertThat(ResponseMetrics.template(MeResource.class.getMethod("stays"), MeResource.class))
                .isEqualTo("/api/v1/me/stays");
        // a method without its own @Path answers at the class's path
        java.lang.reflect.Method query = java.util.Arrays.stream(AuditResource.class.getMethods())
                .filter(m -> m.getName().equals("query")).findFirst().orElseThrow();
        assertThat(ResponseMetrics.template(query, AuditResource.class)).isEqualTo("/api/v1/properties/{propertyId}/audit");
    }

    /** A CDI proxy subclass does not carry the resource's @Path: the template comes from its superclass. */
    static class ProxiedMe extends MeResource {
    }

    @Test
    void givenAProxySubclass_whenNamingTheEndpoint_thenTheResourceClassPathIsFound() throws Exception {
        assertThat(ResponseMetrics.template(MeResource.class.getMethod("keys"), ProxiedMe.class))
                .isEqualTo("/api/v1/me/keys");
    }
}
