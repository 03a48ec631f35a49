package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row-level security proven below the application: direct SQL as the application's database role,
 * with no property filter in the queries, sees only the property bound to the transaction.
 */
class RowLevelSecurityIT {

    static CloudStack stack;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        // audit rows in both properties (the seeding already wrote PROPERTY_CREATED / GATEWAY_REGISTERED)
        stack.http().get("/api/v1/properties/hotel-a/locks", stack.token("staff-a"));
    }

    private Connection app() throws SQLException {
        Connection c = DriverManager.getConnection(stack.value("NEXEFII_DB_URL"), stack.value("NEXEFII_DB_USER"),
                stack.value("NEXEFII_DB_PASSWORD"));
        c.setAutoCommit(false);
        return c;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void bind(Connection c, String property) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config('app.property_id', ?, true)")) {
            ps.setString(1, property);
            ps.execute();
        }
    }

    @Test
    void givenApplicationRole_whenInspected_thenNeitherSuperuserNorBypassRls() throws SQLException {
        try (Connection c = app(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getBoolean(2)).isFalse();
        }
    }

    @Test
    void givenNoPropertyBound_whenSelectingEverything_thenNoTenantRowIsVisible() throws SQLException {
        try (Connection c = app()) {
            for (String table : new String[] { "audit_events", "gateways", "locks", "stays", "credentials", "commands",
                    "webhooks", "properties" }) {
                assertThat(count(c, "select count(*) from " + table)).as(table).isZero();
            }
        }
    }

    @Test
    void givenPropertyABound_whenQueryForgetsTheFilterOrAsksForB_thenOnlyARowsAreSeen() throws SQLException {
        long bRows;
        try (Connection c = app()) {
            bind(c, "hotel-b");
            bRows = count(c, "select count(*) from audit_events");
            c.rollback();
        }
        assertThat(bRows).as("hotel-b has audit rows to hide").isPositive();
        try (Connection c = app()) {
            bind(c, "hotel-a");
            assertThat(count(c, "select count(*) from audit_events where property_id = 'hotel-b'")).isZero();
            assertThat(count(c, "select count(*) from gateways where gateway_id = 'itgw-b'")).isZero();
            assertThat(count(c, "select count(*) from audit_events where property_id <> 'hotel-a'")).isZero();
            assertThat(count(c, "select count(*) from audit_events")).isPositive();
            c.rollback();
        }
    }

    @Test
    void givenPropertyABound_whenWritingARowOfB_thenTheDatabaseRefuses() throws SQLException {
        try (Connection c = app()) {
            bind(c, "hotel-a");
            assertThatThrownBy(() -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("insert into audit_events (event_id, property_id, source, type, priority, occurred_at)"
                            + " values (gen_random_uuid(), 'hotel-b', 'CLOUD', 'FORGED', 'SECURITY', now())");
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            c.rollback();
        }
    }

    @Test
    void givenAuditRecord_whenUpdatingOrDeletingIt_thenRefused() throws SQLException {
        try (Connection c = app()) {
            bind(c, "hotel-a");
            assertThatThrownBy(() -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("update audit_events set type = 'ERASED'");
                }
            }).isInstanceOf(SQLException.class);
            c.rollback();
        }
        try (Connection c = app()) {
            bind(c, "hotel-a");
            assertThatThrownBy(() -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("delete from audit_events");
                }
            }).isInstanceOf(SQLException.class);
            c.rollback();
        }
    }
}
