/** In-framework scenarios of the event store and the lock router. */
package com.nexefii.event.store.test;
