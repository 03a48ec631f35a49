/** REST resources of the platform: properties (tenants) and the public credential keys. */
package com.nexefii.cloud.interfaces.platform.rest;
