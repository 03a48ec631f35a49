package com.nexefii.cloud.infrastructure.health;

import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    Transactions tx;

    @Override
    public HealthCheckResponse call() {
        try {
            int schema = tx.unbound(c -> {
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select count(*) from app_property_ids()")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            return HealthCheckResponse.named("database").up().withData("properties", schema).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
