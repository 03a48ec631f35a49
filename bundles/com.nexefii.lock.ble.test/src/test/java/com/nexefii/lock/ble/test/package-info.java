/** In-framework scenarios for the BLE lock adapter. */
package com.nexefii.lock.ble.test;
