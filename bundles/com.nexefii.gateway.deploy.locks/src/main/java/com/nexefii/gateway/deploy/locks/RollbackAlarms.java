package com.nexefii.gateway.deploy.locks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.Rollback;
import com.nexefii.gateway.deploy.RollbackListener;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;

/**
 * Reports every automatic rollback as a {@code GATEWAY_ALARM} lock event with {@code alarm=rollback}.
 * Publishing returns once the durable event store holds the event, and only then is the rollback
 * accepted: if the store refuses, the installer keeps the rollback and offers it again.
 */
@Component(service = RollbackListener.class, immediate = true)
public class RollbackAlarms implements RollbackListener {

    static final String ALARM = "rollback";
    private static final Logger LOG = LoggerFactory.getLogger(RollbackAlarms.class);

    private final LockEventPublisher publisher;

    @Activate
    public RollbackAlarms(@Reference LockEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void rolledBack(Rollback rollback) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("alarm", ALARM);
        attributes.put("rollbackId", rollback.id());
        attributes.put("package", rollback.packageName());
        attributes.put("failedVersion", rollback.failedVersion());
        attributes.put("restoredVersion", rollback.restoredVersion() == null ? "" : rollback.restoredVersion());
        attributes.put("reason", rollback.reason());
        attributes.put("rolledBackAt", rollback.at().toString());
        LockEvent event = publisher.publish(null, LockEventType.GATEWAY_ALARM, attributes);
        LOG.warn("Rollback of {} {} to {} reported as alarm event #{}", rollback.packageName(),
                rollback.failedVersion(), rollback.restoredVersion() == null ? "nothing" : rollback.restoredVersion(),
                event.sequence());
    }
}
