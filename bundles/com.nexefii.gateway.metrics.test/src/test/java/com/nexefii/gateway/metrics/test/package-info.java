/** In-framework tests of the gateway's Prometheus endpoint. */
package com.nexefii.gateway.metrics.test;
