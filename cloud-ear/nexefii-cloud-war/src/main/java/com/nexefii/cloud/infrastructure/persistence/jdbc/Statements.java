package com.nexefii.cloud.infrastructure.persistence.jdbc;

import com.nexefii.cloud.infrastructure.persistence.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parameterised statements in the current property-bound transaction. Values are only ever bound as
 * parameters; SQL text is constant or assembled from constant fragments.
 */
final class Statements {

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Marks a parameter to be bound as jsonb. */
    record Jsonb(String json) {
    }

    /** Marks a parameter to be bound as text[]. */
    record TextArray(List<String> values) {
    }

    private final Transactions tx;

    Statements(Transactions tx) {
        this.tx = tx;
    }

    int update(String sql, Object... params) {
        return tx.sql(sql, c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    <T> List<T> list(String sql, Row<T> row, Object... params) {
        return tx.sql(sql, c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(row.map(rs));
                }
                return result;
            }
        });
    }

    <T> Optional<T> one(String sql, Row<T> row, Object... params) {
        List<T> rows = list(sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                bind(c, ps, i + 1, params[i]);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    static void bind(Connection c, PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            ps.setTimestamp(index, Timestamp.from(instant));
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else if (value instanceof Jsonb json) {
            ps.setObject(index, json.json(), Types.OTHER);
        } else if (value instanceof TextArray array) {
            ps.setArray(index, c.createArrayOf("text", array.values().toArray(new String[0])));
        } else if (value instanceof com.nexefii.cloud.domain.model.property.PropertyId id) {
            ps.setString(index, id.value());
        } else {
            ps.setObject(index, value);
        }
    }
}
