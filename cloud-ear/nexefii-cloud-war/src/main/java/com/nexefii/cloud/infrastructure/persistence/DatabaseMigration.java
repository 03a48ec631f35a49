package com.nexefii.cloud.infrastructure.persistence;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway migrations from {@code db/migration}, applied with the owner role. */
public final class DatabaseMigration {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigration.class);

    private DatabaseMigration() {
    }

    public static MigrateResult migrate(DatabaseOptions options, ClassLoader classLoader) {
        if (options.ownerUser().isBlank()) {
            throw new IllegalStateException("nexefii.db.owner.user must be set to run migrations (or set nexefii.db.migrate=false)");
        }
        LOG.info("Migrating database {} as {}...", options.url(), options.ownerUser());
        Flyway flyway = Flyway.configure(classLoader)
                .dataSource(options.url(), options.ownerUser(), options.ownerPassword())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", options.appRole()))
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("Migrating database... done: {} migration(s) applied, schema version {}",
                result.migrationsExecuted, result.targetSchemaVersion);
        return result;
    }
}
