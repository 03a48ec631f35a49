package com.nexefii.lock.zigbee;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = ZigbeeLockAdapter.PID,
        name = "Nexefii ZigBee lock adapter",
        description = "One ZigBee coordinator dongle and the door locks that joined its network. Create one "
                + "configuration per dongle. To install a lock, set 'Permit join' and save, then wake the lock's "
                + "join mode.")
@interface ZigbeeAdapterConfiguration {

    @AttributeDefinition(name = "Adapter id",
            description = "Unique on this gateway: lowercase letters, digits and '-', at most 63. Also the "
                    + "service property that routes commands to this adapter.")
    String nexefii_lock_adapter_id();

    @AttributeDefinition(name = "Dongle type", description = "EMBER (Silicon Labs EZSP), TELEGESIS, or SIMULATED.")
    DongleType dongleType() default DongleType.EMBER;

    @AttributeDefinition(name = "Serial port",
            description = "The dongle's port, e.g. /dev/ttyUSB0. For SIMULATED: the simulated network's id.")
    String serialPort() default "/dev/ttyUSB0";

    @AttributeDefinition(name = "Baud rate", description = "Serial speed of the dongle.",
            options = {})
    int baudRate() default 115200;

    @AttributeDefinition(name = "Flow control", description = "Serial flow control (Ember sticks: HARDWARE or SOFTWARE).")
    FlowControl flowControl() default FlowControl.HARDWARE;

    @AttributeDefinition(name = "Channel", description = "IEEE 802.15.4 channel, 11-26.", min = "11", max = "26")
    int channel() default 15;

    @AttributeDefinition(name = "PAN id", description = "16-bit PAN id as 4 hex digits, 0001-FFFE.")
    String panId() default "1A62";

    @AttributeDefinition(name = "Extended PAN id", description = "64-bit extended PAN id as 16 hex digits.")
    String extendedPanId() default "4E45584546494931";

    /** The leading underscore makes it the private property {@code .networkKey}: never a service property. */
    @AttributeDefinition(name = "Network key", type = AttributeType.PASSWORD, required = false,
            description = "128-bit network key as 32 hex digits. Empty: a random key is generated once and kept in "
                    + "the data directory.")
    String _networkKey() default "";

    @AttributeDefinition(name = "Data directory", required = false,
            description = "Where the network's nodes and credential slots are kept. Empty: this bundle's data area.")
    String dataDirectory() default "";

    @AttributeDefinition(name = "Answer timeout (ms)",
            description = "How long one attempt waits for a lock's answer. Sleepy locks poll every ~7.5 s.",
            min = "100", max = "120000")
    int answerTimeoutMillis() default 10000;

    @AttributeDefinition(name = "Retries", description = "Further attempts after an unanswered one, within the command's deadline.",
            min = "0", max = "10")
    int retries() default 2;

    @AttributeDefinition(name = "Battery low (%)", description = "BATTERY_LOW is raised when a lock reports less.",
            min = "1", max = "100")
    int batteryLowPercent() default 20;

    @AttributeDefinition(name = "Permit join (s)",
            description = "Saving a value above 0 lets new locks join for that many seconds (at most 254).",
            min = "0", max = "254")
    int permitJoinSeconds() default 0;
}
