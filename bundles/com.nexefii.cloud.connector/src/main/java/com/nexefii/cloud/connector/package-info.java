/**
 * What the gateway's cloud connector tells about itself: whether it is connected and its counters
 * (events forwarded and acknowledged, commands executed, rejections by reason, policy messages), for
 * metrics, the web console and tests.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.cloud.connector;
