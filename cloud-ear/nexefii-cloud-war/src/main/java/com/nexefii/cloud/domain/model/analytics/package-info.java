/** Property analytics computed from the audit trail: door usage, denied attempts, battery forecast, gateway uptime. */
package com.nexefii.cloud.domain.model.analytics;
