package com.nexefii.cloud.infrastructure.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime DataSource, connected as the application role. By default a HikariCP pool built from
 * MicroProfile Config (so Payara Micro needs no domain configuration); with
 * {@code nexefii.db.jndi-name} set, a JDBC resource defined in the server (Payara Server admin
 * console: JDBC Resources) is looked up instead.
 */
@ApplicationScoped
public class DataSourceProducer {

    private static final Logger LOG = LoggerFactory.getLogger(DataSourceProducer.class);

    @Inject
    DatabaseOptions options;

    private HikariDataSource pool;

    @Produces
    @ApplicationScoped
    DataSource dataSource() {
        if (options.jndiName().isPresent()) {
            String name = options.jndiName().get();
            try {
                LOG.info("Using container JDBC resource {}", name);
                return (DataSource) new InitialContext().lookup(name);
            } catch (NamingException e) {
                throw new IllegalStateException("nexefii.db.jndi-name: no DataSource named " + name, e);
            }
        }
        pool = createPool(options);
        return pool;
    }

    public static HikariDataSource createPool(DatabaseOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("nexefii");
        config.setJdbcUrl(options.url());
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setDriverClassName("org.postgresql.Driver");
        config.setMaximumPoolSize(options.maxPoolSize());
        config.setMinimumIdle(1);
        // a broken database must not block startup: health reports it, requests fail fast
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(5_000);
        LOG.info("Creating connection pool for {} as {}", options.url(), options.user());
        return new HikariDataSource(config);
    }

    @PreDestroy
    void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
