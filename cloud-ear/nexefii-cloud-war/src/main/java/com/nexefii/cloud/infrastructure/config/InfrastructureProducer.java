package com.nexefii.cloud.infrastructure.config;

import com.nexefii.cloud.infrastructure.persistence.DatabaseOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import org.eclipse.microprofile.config.ConfigProvider;

/** Typed options built once from MicroProfile Config, and the clock every service reads. */
@ApplicationScoped
public class InfrastructureProducer {

    /** Singleton pseudo-scope: records cannot be proxied. */
    @Produces
    @jakarta.inject.Singleton
    DatabaseOptions databaseOptions() {
        return DatabaseOptions.fromConfig(ConfigProvider.getConfig(InfrastructureProducer.class.getClassLoader()));
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
