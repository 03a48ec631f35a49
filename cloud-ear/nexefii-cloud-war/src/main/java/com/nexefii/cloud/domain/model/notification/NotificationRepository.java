package com.nexefii.cloud.domain.model.notification;

import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

public interface NotificationRepository {

    /**
     * Adds notifications in the current transaction, numbered under a per-property lock held until it
     * commits (so a property's ids commit in id order, across all cloud nodes), and signals the
     * publisher at commit. Call it last before the commit.
     */
    void add(PropertyId propertyId, Collection<Notification> notifications);

    /** Committed notifications of a property with ids above {@code afterId}, for every audience, in id order. */
    List<Notification> committedAfter(PropertyId propertyId, long afterId, int max);

    /** The highest notification id of a property, 0 when it has none. */
    long lastId(PropertyId propertyId);

    /** Numbered notifications after {@code afterId} for any of the audiences, in id order. */
    List<Notification> after(PropertyId propertyId, Set<Audience> audiences, long afterId, int limit);

    /** The latest numbered notifications for the audiences, newest first. */
    List<Notification> latest(PropertyId propertyId, Set<Audience> audiences, int limit);

    /** The latest numbered notifications of these kinds (all kinds when empty), newest first. */
    List<Notification> latest(PropertyId propertyId, Set<Audience> audiences, Set<String> kinds, int limit);

    int deleteOlderThan(PropertyId propertyId, Instant before);
}
