/** In-framework scenarios for the simulated locks and the lock event publisher. */
package com.nexefii.lock.simulator.test;
