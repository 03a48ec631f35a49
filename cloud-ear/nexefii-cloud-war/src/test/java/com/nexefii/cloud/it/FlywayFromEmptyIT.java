package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.infrastructure.persistence.DatabaseMigration;
import com.nexefii.cloud.infrastructure.persistence.DatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The migrations build the whole schema on an empty database of the real PostgreSQL, as the owner role. */
class FlywayFromEmptyIT {

    @Test
    void givenEmptyDatabase_whenMigrated_thenEveryTenantTableHasForcedRowLevelSecurity() throws SQLException {
        CloudStack stack = CloudStack.get();
        String admin = stack.value("NEXEFII_DB_SUPERUSER");
        String adminPassword = stack.value("NEXEFII_DB_SUPERUSER_PASSWORD");
        String owner = stack.value("NEXEFII_DB_OWNER_USER");
        String serverUrl = stack.value("NEXEFII_DB_URL").replaceAll("/[^/]+$", "/postgres");
        String db = "nexefii_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(serverUrl, admin, adminPassword); Statement s = c.createStatement()) {
            s.execute("create database " + db + " owner " + owner);
        }
        String url = serverUrl.replaceAll("/postgres$", "/" + db);
        try {
            try (Connection c = DriverManager.getConnection(url, admin, adminPassword); Statement s = c.createStatement()) {
                s.execute("alter schema public owner to " + owner);
                s.execute("grant connect on database " + db + " to " + stack.value("NEXEFII_DB_USER"));
            }
            DatabaseOptions options = new DatabaseOptions(url, stack.value("NEXEFII_DB_USER"), "", owner,
                    stack.value("NEXEFII_DB_OWNER_PASSWORD"), stack.value("NEXEFII_DB_USER"), 2, Optional.empty(), true);

            MigrateResult first = DatabaseMigration.migrate(options, getClass().getClassLoader());
            assertThat(first.success).isTrue();
            assertThat(first.migrationsExecuted).isPositive();
            assertThat(DatabaseMigration.migrate(options, getClass().getClassLoader()).migrationsExecuted).isZero();

            try (Connection c = DriverManager.getConnection(url, admin, adminPassword); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select c.relname, c.relrowsecurity, c.relforcerowsecurity"
                            + " from pg_class c join information_schema.columns col on col.table_name = c.relname"
                            + " and col.column_name = 'property_id' and col.table_schema = 'public'"
                            + " where c.relkind = 'r' order by 1")) {
                List<String> tables = new ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                    assertThat(rs.getBoolean(2)).as("RLS on " + rs.getString(1)).isTrue();
                    if (!rs.getString(1).equals("properties")) {
                        assertThat(rs.getBoolean(3)).as("FORCE RLS on " + rs.getString(1)).isTrue();
                    }
                }
                assertThat(tables).contains("properties", "gateways", "locks", "zones", "stays", "credentials",
                        "revocations", "commands", "audit_events", "webhooks", "webhook_deliveries");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(serverUrl, admin, adminPassword); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + db + " with (force)");
            }
        }
    }
}
