/**
 * First-start provisioning: installs the signed deployment packages an operator put in the gateway's
 * provisioning folder through the verified package installer, so Deployment Admin owns every product
 * bundle and technicians can update and uninstall them later. Private.
 */
package com.nexefii.gateway.runtime.provisioning;
