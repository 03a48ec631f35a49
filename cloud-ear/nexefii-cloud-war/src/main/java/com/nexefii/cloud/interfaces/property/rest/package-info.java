/** REST resources of one property (path /api/v1/properties/{propertyId}/...): locks, stays, audit. */
package com.nexefii.cloud.interfaces.property.rest;
