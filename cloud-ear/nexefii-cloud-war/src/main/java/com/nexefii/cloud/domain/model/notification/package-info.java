/** Notifications of the live stream: what a guest or the staff of a property is told, and when. */
package com.nexefii.cloud.domain.model.notification;
