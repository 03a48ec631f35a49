package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.Property;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.domain.model.property.PropertyRepository;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** Platform administration: the tenants themselves. */
@ApplicationScoped
public class PropertyService {

    @Inject
    Transactions tx;
    @Inject
    PropertyRepository properties;
    @Inject
    AuditRecorder auditRecorder;

    public Property create(Caller caller, PropertyId id, String name) {
        return tx.inProperty(id, () -> {
            if (properties.find(id).isPresent()) {
                throw new RequestConflict("property " + id + " exists");
            }
            properties.add(id, name);
            auditRecorder.record(id, "PROPERTY_CREATED", Priority.SECURITY, caller.subject(), null, null,
                    Map.of("name", name));
            return properties.find(id).orElseThrow();
        });
    }

    public Property get(PropertyId id) {
        return tx.inProperty(id, () -> properties.find(id)).orElseThrow(() -> new ResourceNotFound("property", id));
    }

    public List<Property> list() {
        return properties.allIds().stream().map(this::get).toList();
    }
}
