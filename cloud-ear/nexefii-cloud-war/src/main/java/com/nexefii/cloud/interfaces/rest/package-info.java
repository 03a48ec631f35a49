/** REST plumbing shared by every resource: application, problem details, limits, authorization, caller. */
package com.nexefii.cloud.interfaces.rest;
