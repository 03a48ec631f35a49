/** Locks and the zones (rooms, areas) they belong to. */
package com.nexefii.cloud.domain.model.lock;
