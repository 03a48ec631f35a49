/**
 * Rolling upgrades of gateway software: registered signed packages, and rollouts that install one on a list of
 * gateways one at a time and stop at the first gateway that does not report success.
 */
package com.nexefii.cloud.domain.model.rollout;
