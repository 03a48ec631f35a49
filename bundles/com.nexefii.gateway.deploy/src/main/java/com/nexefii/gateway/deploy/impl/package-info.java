/**
 * The installer, its signature check, health gate, package archive and rollback queue, the
 * configuration snapshots and their web console page. Private.
 */
package com.nexefii.gateway.deploy.impl;
