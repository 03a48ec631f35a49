package com.nexefii.lock.zigbee;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import com.zsmartsystems.zigbee.transport.ZigBeePort;

/**
 * The stack's serial port on jSerialComm, which ships as an OSGi bundle with its native
 * libraries (the stack's own serial module uses jssc, which does not resolve in OSGi).
 */
final class JSerialCommPort implements ZigBeePort {

    private static final Logger LOG = LoggerFactory.getLogger(JSerialCommPort.class);
    private static final int RX_BUFFER = 4096;

    private final String portName;
    private final int defaultBaudRate;
    private final FlowControl defaultFlowControl;
    private final BlockingQueue<Integer> received = new ArrayBlockingQueue<>(RX_BUFFER);
    private SerialPort port;

    JSerialCommPort(String portName, int baudRate, com.nexefii.lock.zigbee.FlowControl flowControl) {
        this.portName = Objects.requireNonNull(portName, "portName");
        this.defaultBaudRate = baudRate;
        this.defaultFlowControl = flowControl == com.nexefii.lock.zigbee.FlowControl.HARDWARE
                ? FlowControl.FLOWCONTROL_OUT_RTSCTS
                : flowControl == com.nexefii.lock.zigbee.FlowControl.SOFTWARE ? FlowControl.FLOWCONTROL_OUT_XONOFF
                        : FlowControl.FLOWCONTROL_OUT_NONE;
    }

    @Override
    public boolean open() {
        return open(defaultBaudRate, defaultFlowControl);
    }

    @Override
    public boolean open(int baudRate) {
        return open(baudRate, defaultFlowControl);
    }

    @Override
    public synchronized boolean open(int baudRate, FlowControl flowControl) {
        close();
        SerialPort candidate = SerialPort.getCommPort(portName);
        candidate.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        switch (flowControl) {
            case FLOWCONTROL_OUT_RTSCTS:
                candidate.setFlowControl(SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED);
                break;
            case FLOWCONTROL_OUT_XONOFF:
                candidate.setFlowControl(
                        SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED);
                break;
            default:
                candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
                break;
        }
        if (!candidate.openPort()) {
            LOG.error("Cannot open serial port {} at {} baud", portName, baudRate);
            return false;
        }
        candidate.addDataListener(new SerialPortDataListener() {
            @Override
            public int getListeningEvents() {
                return SerialPort.LISTENING_EVENT_DATA_RECEIVED;
            }

            @Override
            public void serialEvent(SerialPortEvent event) {
                for (byte b : event.getReceivedData()) {
                    if (!received.offer(b & 0xFF)) {
                        LOG.warn("Serial receive buffer of {} full: byte dropped", portName);
                    }
                }
            }
        });
        port = candidate;
        LOG.info("Serial port {} open at {} baud, {}", portName, baudRate, flowControl);
        return true;
    }

    @Override
    public synchronized void close() {
        if (port != null) {
            port.removeDataListener();
            port.closePort();
            port = null;
        }
    }

    @Override
    public void write(int value) {
        write(new int[] { value });
    }

    @Override
    public void write(int[] bytes) {
        SerialPort current;
        synchronized (this) {
            current = port;
        }
        if (current == null) {
            return;
        }
        byte[] buffer = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            buffer[i] = (byte) bytes[i];
        }
        current.writeBytes(buffer, buffer.length);
    }

    @Override
    public int read() {
        return read(9999999);
    }

    @Override
    public int read(int timeout) {
        try {
            Integer value = received.poll(timeout, TimeUnit.MILLISECONDS);
            return value == null ? -1 : value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void purgeRxBuffer() {
        received.clear();
    }
}
