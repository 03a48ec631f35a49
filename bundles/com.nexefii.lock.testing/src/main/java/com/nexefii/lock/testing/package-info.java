/**
 * Test doubles for the lock API, shared by the tests of every edge bundle so that each test
 * module does not grow its own copy: {@link com.nexefii.lock.testing.RecordingPublisher} (unit
 * tests of adapters and consumers), {@link com.nexefii.lock.testing.RecordingListener} (in-framework
 * tests: what the real publisher delivered) and {@link com.nexefii.lock.testing.BundleRebuilder}
 * (hot-swap tests: a "version 2" of an installed bundle built inside the test).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package com.nexefii.lock.testing;
