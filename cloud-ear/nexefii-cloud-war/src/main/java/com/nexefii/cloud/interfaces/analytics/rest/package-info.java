/** REST resource of a property's analytics (dashboard numbers). */
package com.nexefii.cloud.interfaces.analytics.rest;
