package com.nexefii.local.api;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = LocalApiComponent.PID,
        name = "Nexefii local unlock API",
        description = "HTTPS endpoint for staff devices and mobile keys on the property network. It runs on its own "
                + "Jetty instance (Felix HTTP factory configuration 'org.apache.felix.http~nexefii-local-api', "
                + "managed by this component), apart from the web console's.")
@interface LocalApiConfig {

    @AttributeDefinition(name = "Bind address",
            description = "The property-network interface address to listen on. 127.0.0.1 keeps it on the gateway.")
    String bindAddress() default "127.0.0.1";

    @AttributeDefinition(name = "HTTPS port", min = "1", max = "65535")
    int port() default 8443;

    @AttributeDefinition(name = "Keystore path",
            description = "Keystore holding the gateway's TLS key and certificate for the property network.")
    String keystorePath();

    @AttributeDefinition(name = "Keystore password", type = AttributeType.PASSWORD)
    String keystorePassword();

    @AttributeDefinition(name = "Key password", type = AttributeType.PASSWORD,
            description = "Password of the key inside the keystore. Empty: the keystore password.", required = false)
    String keyPassword() default "";

    @AttributeDefinition(name = "Keystore type", options = {
        @org.osgi.service.metatype.annotations.Option(label = "PKCS12", value = "PKCS12"),
        @org.osgi.service.metatype.annotations.Option(label = "JKS", value = "JKS")})
    String keystoreType() default "PKCS12";

    @AttributeDefinition(name = "Token issuer",
            description = "The iss of staff access tokens: the Keycloak realm URL, e.g. https://auth.example.com/realms/nexefii.")
    String tokenIssuer();

    @AttributeDefinition(name = "Token audience", description = "The aud staff access tokens must include.")
    String tokenAudience() default "nexefii-api";

    @AttributeDefinition(name = "JWKS URL",
            description = "Where Keycloak publishes its signing keys. Empty: <issuer>/protocol/openid-connect/certs.",
            required = false)
    String jwksUrl() default "";

    @AttributeDefinition(name = "JWKS",
            description = "Keycloak's public signing keys as JWKS JSON, for gateways that must start without reaching "
                    + "Keycloak. Used together with the fetched keys.", required = false)
    String jwks() default "";

    @AttributeDefinition(name = "JWKS refresh (minutes)", min = "1", max = "1440")
    int jwksRefreshMinutes() default 10;

    @AttributeDefinition(name = "Staff roles",
            description = "Roles (token claim 'groups') that may use the API with a token.")
    String[] staffRoles() default {"staff", "property-admin"};

    @AttributeDefinition(name = "Lockdown lift roles", description = "Roles that may lift a lockdown.")
    String[] lockdownLiftRoles() default {"property-admin"};

    @AttributeDefinition(name = "Clock skew (seconds)", min = "0", max = "300")
    int clockSkewSeconds() default 30;

    @AttributeDefinition(name = "Largest request body (bytes)", min = "64", max = "1048576")
    int maxRequestBytes() default 4096;

    @AttributeDefinition(name = "Requests per minute per caller", min = "1")
    int callerRequestsPerMinute() default 30;

    @AttributeDefinition(name = "Burst per caller", min = "1")
    int callerBurst() default 10;

    @AttributeDefinition(name = "Requests per minute per address", min = "1")
    int addressRequestsPerMinute() default 120;

    @AttributeDefinition(name = "Burst per address", min = "1")
    int addressBurst() default 30;

    @AttributeDefinition(name = "Lock command timeout (ms)", min = "100", max = "60000")
    int commandTimeoutMillis() default 5000;

    @AttributeDefinition(name = "Allowed web origins (CORS)",
            description = "Origins (scheme://host[:port]) of web apps whose pages may call this API from a browser, e.g. "
                    + "the cloud's app origin https://cloud.example.com. Empty: no browser page may (native apps are not "
                    + "affected). No wildcard.", required = false)
    String[] allowedOrigins() default {};

    @AttributeDefinition(name = "Data directory",
            description = "Where the fetched Keycloak keys are kept across restarts. Empty: the bundle's own data area.",
            required = false)
    String dataDirectory() default "";
}
