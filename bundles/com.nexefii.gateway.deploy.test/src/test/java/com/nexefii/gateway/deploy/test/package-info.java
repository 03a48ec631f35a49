/** In-framework tests of the gateway's package installer, health gate and configuration snapshots. */
package com.nexefii.gateway.deploy.test;
