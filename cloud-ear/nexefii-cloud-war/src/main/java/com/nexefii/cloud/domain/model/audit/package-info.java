/** The append-only audit trail of a property. */
package com.nexefii.cloud.domain.model.audit;
