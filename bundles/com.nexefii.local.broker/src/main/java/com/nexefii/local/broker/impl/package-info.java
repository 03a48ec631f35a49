/** Generates mosquitto's configuration and supervises its process. Private to the bundle. */
package com.nexefii.local.broker.impl;
