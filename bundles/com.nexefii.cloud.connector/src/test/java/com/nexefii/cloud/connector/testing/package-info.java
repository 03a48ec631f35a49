/**
 * Test fixtures shared by the connector's integration tests, its in-framework tests and the kill -9
 * test: a real Mosquitto with mTLS and the contract's ACL, and an idempotent cloud consumer.
 */
package com.nexefii.cloud.connector.testing;
