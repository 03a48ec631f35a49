package com.nexefii.gateway.console;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One gate an uploaded deployment package passes before Deployment Admin sees it. The page runs
 * every check in order on the spooled file; the first rejection stops the install. A signature
 * check (jarsigner-style verification against trusted certificates from configuration) is one more
 * implementation in that list.
 */
@FunctionalInterface
interface DeploymentPackageCheck {

    /**
     * @param deploymentPackage the uploaded file, complete, not yet installed
     * @throws RejectedDeploymentPackageException with a message a technician can act on
     */
    void verify(Path deploymentPackage) throws RejectedDeploymentPackageException, IOException;
}
