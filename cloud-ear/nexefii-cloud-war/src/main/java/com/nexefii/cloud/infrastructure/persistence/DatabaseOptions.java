package com.nexefii.cloud.infrastructure.persistence;

import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Database settings. The application role (user) must not own the schema, be superuser or have
 * BYPASSRLS; migrations run with the owner role, whose credentials are used at startup only.
 *
 * @param jndiName when set, a container JDBC resource (e.g. a Payara Server pool) is used instead of the built-in pool
 */
public record DatabaseOptions(String url, String user, String password, String ownerUser, String ownerPassword,
        String appRole, int maxPoolSize, Optional<String> jndiName, boolean migrate) {

    public static DatabaseOptions fromConfig(Config config) {
        String user = config.getValue("nexefii.db.user", String.class);
        return new DatabaseOptions(
                config.getValue("nexefii.db.url", String.class),
                user,
                config.getOptionalValue("nexefii.db.password", String.class).orElse(""),
                config.getOptionalValue("nexefii.db.owner.user", String.class).orElse(""),
                config.getOptionalValue("nexefii.db.owner.password", String.class).orElse(""),
                config.getOptionalValue("nexefii.db.app-role", String.class).orElse(user),
                config.getOptionalValue("nexefii.db.pool.max-size", Integer.class).orElse(10),
                config.getOptionalValue("nexefii.db.jndi-name", String.class).filter(s -> !s.isBlank()),
                config.getOptionalValue("nexefii.db.migrate", Boolean.class).orElse(true));
    }

    public DatabaseOptions {
        if (!appRole.matches("^[a-z_][a-z0-9_]{0,62}$")) {
            throw new IllegalArgumentException("nexefii.db.app-role must be a plain PostgreSQL role name but was '" + appRole + "'");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("nexefii.db.pool.max-size must be >= 1");
        }
    }

    @Override
    public String toString() {
        return "DatabaseOptions[url=" + url + ", user=" + user + ", ownerUser=" + ownerUser + ", appRole=" + appRole
                + ", maxPoolSize=" + maxPoolSize + ", jndiName=" + jndiName + ", migrate=" + migrate + "]";
    }
}
