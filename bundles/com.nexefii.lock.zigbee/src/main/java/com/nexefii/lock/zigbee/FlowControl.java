package com.nexefii.lock.zigbee;

/** Serial flow control towards the dongle. */
public enum FlowControl {
    NONE, SOFTWARE, HARDWARE
}
