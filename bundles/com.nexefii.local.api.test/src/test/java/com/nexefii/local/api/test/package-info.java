/** In-framework scenarios of the local unlock API. */
package com.nexefii.local.api.test;
