/**
 * The gateway runtime's own bundle: what the assembled gateway needs that no platform bundle does
 * (an orderly framework stop on JVM exit, the OSGi log in the log file). Private.
 */
package com.nexefii.gateway.runtime;
