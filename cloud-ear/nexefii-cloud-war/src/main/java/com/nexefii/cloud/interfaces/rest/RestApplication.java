package com.nexefii.cloud.interfaces.rest;

import com.nexefii.cloud.application.Roles;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under {@code /api}: bearer tokens from Keycloak (MicroProfile JWT; roles from the
 * {@code groups} claim, tenant from {@code property_id}). OpenAPI at {@code /openapi}, Swagger UI
 * at {@code /swagger/}.
 */
@ApplicationPath("/api")
// a CDI bean, so that Payara's MP-JWT extension finds @LoginConfig under annotated discovery
@jakarta.enterprise.context.ApplicationScoped
@LoginConfig(authMethod = "MP-JWT", realmName = "nexefii")
@DeclareRoles({ Roles.GUEST, Roles.STAFF, Roles.PROPERTY_ADMIN, Roles.PLATFORM_ADMIN })
@OpenAPIDefinition(info = @Info(title = "Nexefii cloud API", version = "1"),
        security = @SecurityRequirement(name = "keycloak"))
@SecurityScheme(securitySchemeName = "keycloak", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class RestApplication extends Application {
}
