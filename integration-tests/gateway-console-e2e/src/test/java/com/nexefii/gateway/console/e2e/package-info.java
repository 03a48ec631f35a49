/** The gateway web console's package install flow, end to end in headless Chromium. */
package com.nexefii.gateway.console.e2e;
