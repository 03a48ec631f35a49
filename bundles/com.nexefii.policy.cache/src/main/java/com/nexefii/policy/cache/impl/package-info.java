/**
 * The policy cache's implementation: parsing and validating policy messages, the indexed immutable
 * policy state, mobile key verification, decisions, and the atomic policy file. Private to the
 * bundle.
 */
package com.nexefii.policy.cache.impl;
