/** The property (hotel) aggregate: the tenant boundary of every other aggregate. */
package com.nexefii.cloud.domain.model.property;
