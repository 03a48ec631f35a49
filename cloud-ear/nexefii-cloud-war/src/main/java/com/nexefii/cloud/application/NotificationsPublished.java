package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.util.List;

/** CDI event: notifications of a property were numbered and committed, in id order; ready to push. */
public record NotificationsPublished(PropertyId propertyId, List<Notification> notifications) {
}
