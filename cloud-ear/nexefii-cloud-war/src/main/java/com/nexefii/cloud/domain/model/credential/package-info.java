/** Mobile key credentials and their revocations. */
package com.nexefii.cloud.domain.model.credential;
