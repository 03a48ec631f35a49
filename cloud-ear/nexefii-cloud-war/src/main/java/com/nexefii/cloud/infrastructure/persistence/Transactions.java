package com.nexefii.cloud.infrastructure.persistence;

import com.nexefii.cloud.domain.model.property.PropertyId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Runs work in one database transaction bound to one property: the first statement of every
 * transaction is {@code set_config('app.property_id', ?, true)}, which the row-level security
 * policies read, so even a query that forgets its property filter sees only that property's rows.
 * Repositories reach the connection only through {@link #connection()}, which fails outside such a
 * transaction: no SQL runs unbound.
 */
@ApplicationScoped
public class Transactions {

    private final ThreadLocal<Bound> current = new ThreadLocal<>();
    private DataSource dataSource;

    protected Transactions() {
    }

    @Inject
    public Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inProperty(PropertyId propertyId, Supplier<T> work) {
        Objects.requireNonNull(propertyId, "propertyId");
        Bound outer = current.get();
        if (outer != null) {
            if (!outer.propertyId().equals(propertyId)) {
                throw new IllegalStateException("nested transaction for property " + propertyId
                        + " inside one for " + outer.propertyId());
            }
            return work.get();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement bind = connection.prepareStatement("select set_config('app.property_id', ?, true)")) {
                    bind.setString(1, propertyId.value());
                    bind.execute();
                }
                Bound bound = new Bound(propertyId, connection, new ArrayList<>());
                current.set(bound);
                T result = work.get();
                for (int i = 0; i < bound.beforeCommit().size(); i++) {
                    bound.beforeCommit().get(i).run();
                }
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                current.remove();
            }
        } catch (SQLException e) {
            throw new PersistenceFailure("transaction for property " + propertyId + " failed", e);
        }
    }

    /**
     * Work in a transaction of its own (REQUIRES_NEW): it commits or rolls back on its own, whatever
     * then happens to a transaction already bound to this thread, which is suspended meanwhile. For
     * records that must outlive the failure of the work around them, such as the audit of a refusal.
     */
    public <T> T inNewTransaction(PropertyId propertyId, Supplier<T> work) {
        Bound outer = current.get();
        current.remove();
        try {
            return inProperty(propertyId, work);
        } finally {
            if (outer != null) {
                current.set(outer);
            }
        }
    }

    public void inPropertyRun(PropertyId propertyId, Runnable work) {
        inProperty(propertyId, () -> {
            work.run();
            return null;
        });
    }

    /** Work bound to no property: row-level security hides every tenant row; only ids of properties are visible. */
    public <T> T unbound(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new PersistenceFailure("unbound query failed", e);
        }
    }

    public Connection connection() {
        Bound bound = current.get();
        if (bound == null) {
            throw new IllegalStateException("no property-bound transaction on this thread");
        }
        return bound.connection();
    }

    /**
     * Runs {@code step} in the current transaction after its work and just before its commit, in
     * registration order. For writes that take a lock which must be held only until the commit: taken
     * there, nothing else of the transaction waits while it is held (no lock-order deadlock with
     * rows the work updated), and commits happen in the order the lock was granted.
     */
    public void beforeCommit(Runnable step) {
        Bound bound = current.get();
        if (bound == null) {
            throw new IllegalStateException("no property-bound transaction on this thread");
        }
        bound.beforeCommit().add(step);
    }

    public PropertyId boundProperty() {
        Bound bound = current.get();
        return bound == null ? null : bound.propertyId();
    }

    /** Runs a statement in the current transaction, translating SQLException. */
    public <T> T sql(String description, SqlWork<T> work) {
        try {
            return work.run(connection());
        } catch (SQLException e) {
            throw new PersistenceFailure(description, e);
        }
    }

    private record Bound(PropertyId propertyId, Connection connection, List<Runnable> beforeCommit) {
    }
}
