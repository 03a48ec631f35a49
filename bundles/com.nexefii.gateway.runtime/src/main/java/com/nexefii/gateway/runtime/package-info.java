/**
 * The gateway runtime's own bundle: what the assembled gateway needs that no platform bundle does
 * (an orderly framework stop on JVM exit). Private.
 */
package com.nexefii.gateway.runtime;
