/** REST resources of the caller's own access (path /api/v1/me/...). */
package com.nexefii.cloud.interfaces.access.rest;
