/**
 * The gateway's own additions to the Felix web console: credentials provisioned at first start
 * ({@link com.nexefii.gateway.console.ConsoleCredentialsProvisioner}) and the Deployment Packages
 * page ({@link com.nexefii.gateway.console.DeploymentPackagesPlugin}).
 *
 * <p>Private: nothing here is an API; other bundles reach these features through the web console.
 */
package com.nexefii.gateway.console;
