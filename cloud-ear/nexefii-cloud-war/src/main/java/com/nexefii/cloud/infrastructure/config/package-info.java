/** Producers of typed configuration (MicroProfile Config; environment variables override). */
package com.nexefii.cloud.infrastructure.config;
