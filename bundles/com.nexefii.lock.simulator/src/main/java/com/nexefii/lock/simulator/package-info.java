/**
 * Simulated lock controllers: each factory configuration of {@code com.nexefii.lock.simulator}
 * becomes a {@link com.nexefii.lock.api.LockAdapter} (protocol {@code simulator}) whose locks take
 * time to answer, time out, jam, drain their batteries and have doors that are left ajar or forced,
 * publishing the same events a real adapter does.
 *
 * <p>Eclipse Kura lists a component on its configuration pages only when it also provides the
 * {@code org.eclipse.kura.configuration.ConfigurableComponent} marker service. Kura's API is not
 * available to this build, so it is not faked here. On Kura, add a provided-scope dependency on
 * {@code org.eclipse.kura.api} and add {@code ConfigurableComponent} to the interfaces registered in
 * {@link com.nexefii.lock.simulator.SimulatorComponent#activate} (the marker has no methods); the
 * bundle then imports {@code org.eclipse.kura.configuration;version="[1.2,2)"}. The Metatype
 * (OCD id = PID) already gives Kura its form.
 */
package com.nexefii.lock.simulator;
