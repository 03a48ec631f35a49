/**
 * Test fixture bundle of the kill -9 test: seeds the gateway's configuration from system
 * properties and floods events, printing one {@code ACK <seq> <eventId>} line per event whose
 * publish returned, which is what "acknowledged" means in the test.
 */
package com.nexefii.edge.crash;
