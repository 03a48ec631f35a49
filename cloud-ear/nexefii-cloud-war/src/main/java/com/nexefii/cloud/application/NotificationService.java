package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.command.CommandRepository;
import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.notification.NotificationRepository;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nexefii.cloud.infrastructure.persistence.Transactions;
import com.nexefii.cloud.infrastructure.persistence.jdbc.JdbcNotificationRepository;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications for guests and staff, derived from the audit trail.
 * <ol>
 * <li>{@link AuditAppended} (same transaction as the audit records): the rules decide who is told
 * what; just before that transaction commits the rows are stored numbered, under a per-property
 * lock held until the commit, so a property's ids commit in id order; PostgreSQL signals the commit.</li>
 * <li>One pump thread LISTENs for those commit signals (and sweeps every property now and then in
 * case a signal was lost), reads each property's committed rows above the last id it pushed and
 * fires {@link NotificationsPublished} for the stream to push. Numbering at insert, not after the
 * commit, writes each row once: the numbering update was the costliest statement of audit ingest.</li>
 * <li>Reconnecting clients replay {@code id > Last-Event-ID} from the table.</li>
 * </ol>
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    private static final int BATCH = 500;

    @Inject
    Transactions tx;
    @Inject
    NotificationRepository notifications;
    @Inject
    CommandRepository commands;
    @Inject
    DataSource dataSource;
    @Inject
    Event<NotificationsPublished> published;
    @Inject
    Clock clock;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.sweep-interval", defaultValue = "PT5S")
    Duration sweepInterval;
    @Inject
    @ConfigProperty(name = "nexefii.notifications.retention", defaultValue = "P7D")
    Duration retention;

    @Resource
    ManagedThreadFactory threads;

    private volatile boolean running;
    private Thread pump;
    private Instant nextRetention = Instant.EPOCH;
    /** Per property, the highest id pushed (pump thread only). */
    private final Map<PropertyId, Long> pushed = new HashMap<>();

    /** Runs inside the transaction that appends the audit records. */
    void auditAppended(@Observes AuditAppended appended) {
        PropertyId p = appended.propertyId();
        List<Notification> out = new ArrayList<>();
        for (AuditEvent e : appended.events()) {
            out.addAll(NotificationRules.notificationsFor(e,
                    commandId -> commands.find(p, commandId).map(c -> c.type().name())));
        }
        if (out.isEmpty()) {
            return;
        }
        // last before the commit: the numbering lock is then held only while the rows are written
        tx.beforeCommit(() -> write(p, out, appended.events().size()));
    }

    private void write(PropertyId p, List<Notification> out, int records) {
        // a notification must never cost an audit record: on failure only the notifications roll back
        tx.sql("notifications savepoint", c -> {
            Savepoint savepoint = c.setSavepoint();
            try {
                notifications.add(p, out);
                c.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                c.rollback(savepoint);
                LOG.error("Notifications for {} audit record(s) of {} were dropped", records, p, e);
            }
            return null;
        });
    }

    /** After CloudLifecycle (default observer priority), which migrates the database first. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) @Initialized(ApplicationScoped.class)
            Object event) {
        running = true;
        pump = threads.newThread(this::pumpLoop);
        pump.setName("nexefii-notifications");
        pump.start();
        LOG.info("Notification pump started (sweep every {}, retention {})", sweepInterval, retention);
    }

    @PreDestroy
    void stop() {
        running = false;
        if (pump != null) {
            pump.interrupt();
        }
    }

    /** What a caller may receive: their own notifications, and the staff's when they are staff. */
    public static Set<Audience> audiencesOf(Caller caller) {
        Set<Audience> audiences = new LinkedHashSet<>();
        audiences.add(Audience.user(caller.subject()));
        if (caller.has(Roles.STAFF) || caller.has(Roles.PROPERTY_ADMIN)) {
            audiences.add(Audience.STAFF);
        }
        return audiences;
    }

    public List<Notification> after(Caller caller, long afterId, int limit) {
        PropertyId p = caller.ownProperty();
        return tx.inProperty(p, () -> notifications.after(p, audiencesOf(caller), afterId, limit));
    }

    public List<Notification> latest(Caller caller, int limit) {
        PropertyId p = caller.ownProperty();
        return tx.inProperty(p, () -> notifications.latest(p, audiencesOf(caller), limit));
    }

    /** The latest of some kinds only (e.g. alerts, which busy doors' state changes would push out of a plain page). */
    public List<Notification> latest(Caller caller, Set<String> kinds, int limit) {
        PropertyId p = caller.ownProperty();
        return tx.inProperty(p, () -> notifications.latest(p, audiencesOf(caller), kinds, limit));
    }

    private void pumpLoop() {
        long backoffMillis = 500;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement s = connection.createStatement()) {
                    s.execute("listen " + JdbcNotificationRepository.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                backoffMillis = 500;
                // properties known at start push what commits from now on (older rows are replayed from the
                // table by reconnecting clients); properties seen later are new and push from their first row
                Set<PropertyId> due = new LinkedHashSet<>(allProperties());
                for (PropertyId p : due) {
                    if (!pushed.containsKey(p)) {
                        pushed.put(p, tx.inProperty(p, () -> notifications.lastId(p)));
                    }
                }
                Instant nextSweep = clock.instant().plus(sweepInterval);
                while (running) {
                    due.forEach(this::drain);
                    due.clear();
                    PGNotification[] signals = pg.getNotifications((int) Math.max(100, sweepInterval.toMillis()));
                    if (signals != null) {
                        for (PGNotification signal : signals) {
                            if (com.nexefii.cloud.domain.model.TenantIds.isValid(signal.getParameter())) {
                                due.add(new PropertyId(signal.getParameter()));
                            }
                        }
                    }
                    if (!clock.instant().isBefore(nextSweep)) {
                        due.addAll(allProperties());
                        nextSweep = clock.instant().plus(sweepInterval);
                        retain(due);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("Notification pump: {}; retrying in {} ms", e.toString(), backoffMillis);
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    /** Pushes what committed since the last push, batch by batch, in id order. */
    private void drain(PropertyId p) {
        try {
            List<Notification> batch;
            do {
                long after = pushed.getOrDefault(p, 0L);
                batch = tx.inProperty(p, () -> notifications.committedAfter(p, after, BATCH));
                if (!batch.isEmpty()) {
                    pushed.put(p, batch.get(batch.size() - 1).id());
                    published.fire(new NotificationsPublished(p, batch));
                }
            } while (batch.size() == BATCH);
        } catch (RuntimeException e) {
            LOG.warn("Publishing notifications of {} failed (retried at the next sweep): {}", p, e.toString());
        }
    }

    private void retain(Set<PropertyId> properties) {
        Instant now = clock.instant();
        if (now.isBefore(nextRetention)) {
            return;
        }
        nextRetention = now.plus(Duration.ofHours(1));
        Instant before = now.minus(retention);
        for (PropertyId p : properties) {
            try {
                int deleted = tx.inProperty(p, () -> notifications.deleteOlderThan(p, before));
                if (deleted > 0) {
                    LOG.info("Deleted {} notification(s) of {} older than {}", deleted, p, retention);
                }
            } catch (RuntimeException e) {
                LOG.warn("Notification retention for {} failed: {}", p, e.toString());
            }
        }
    }

    private List<PropertyId> allProperties() {
        return tx.unbound(c -> {
            List<PropertyId> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select app_property_ids()")) {
                while (rs.next()) {
                    ids.add(new PropertyId(rs.getString(1)));
                }
            }
            return ids;
        });
    }
}
