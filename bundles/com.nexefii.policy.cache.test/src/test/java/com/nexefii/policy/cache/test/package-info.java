/** In-framework scenarios of the policy cache. */
package com.nexefii.policy.cache.test;
