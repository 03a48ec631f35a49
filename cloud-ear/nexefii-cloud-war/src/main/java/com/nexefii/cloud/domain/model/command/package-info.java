/** Commands to gateways: per-command id, state machine and time to live. */
package com.nexefii.cloud.domain.model.command;
