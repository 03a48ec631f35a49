/**
 * In-framework scenarios for the TCP lock adapter on a real Felix framework: the adapter bundle
 * configured through ConfigAdmin, talking over real sockets to the controller simulator running
 * as its own process.
 */
package com.nexefii.lock.tcp.test;
