/**
 * Use cases of the cloud: each service checks the caller's role and tenant, runs one
 * property-bound transaction and talks to gateways through the ports in this package.
 */
package com.nexefii.cloud.application;
