package com.nexefii.cloud.domain.model.notification;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

public interface NotificationRepository {

    /** Adds unnumbered notifications in the current transaction and signals the sequencer at commit. */
    void add(PropertyId propertyId, Collection<Notification> notifications);

    /**
     * Numbers the committed, unnumbered notifications of a property (serialised per property across
     * all cloud nodes) and returns them in id order.
     */
    List<Notification> sequence(PropertyId propertyId, int max);

    /** Numbered notifications after {@code afterId} for any of the audiences, in id order. */
    List<Notification> after(PropertyId propertyId, Set<Audience> audiences, long afterId, int limit);

    /** The latest numbered notifications for the audiences, newest first. */
    List<Notification> latest(PropertyId propertyId, Set<Audience> audiences, int limit);

    /** The latest numbered notifications of these kinds (all kinds when empty), newest first. */
    List<Notification> latest(PropertyId propertyId, Set<Audience> audiences, Set<String> kinds, int limit);

    int deleteOlderThan(PropertyId propertyId, Instant before);
}
