/** The build's signed deployment packages installed on a bare gateway. */
package com.nexefii.gateway.deploy.packages.test;
