package com.nexefii.gateway.console;

/**
 * The deployment packages page's configuration, checked once.
 *
 * @param maxUploadMegabytes the largest upload accepted, in MiB
 */
record DeploymentPackagesPluginOptions(int maxUploadMegabytes) {

    static final int MAX_UPLOAD_MEGABYTES_LIMIT = 1024;

    DeploymentPackagesPluginOptions {
        if (maxUploadMegabytes < 1 || maxUploadMegabytes > MAX_UPLOAD_MEGABYTES_LIMIT) {
            throw new IllegalArgumentException("maxUploadMegabytes: must be between 1 and "
                    + MAX_UPLOAD_MEGABYTES_LIMIT + ", was " + maxUploadMegabytes);
        }
    }

    /** @throws IllegalArgumentException naming the offending property */
    static DeploymentPackagesPluginOptions from(DeploymentPackagesPluginConfig config) {
        return new DeploymentPackagesPluginOptions(config.maxUploadMegabytes());
    }

    long maxUploadBytes() {
        return maxUploadMegabytes * 1024L * 1024L;
    }
}
