/** Stays and grants: who may open which locks and when. */
package com.nexefii.cloud.domain.model.stay;
