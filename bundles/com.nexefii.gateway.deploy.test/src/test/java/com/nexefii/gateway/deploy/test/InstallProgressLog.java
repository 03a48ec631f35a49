package com.nexefii.gateway.deploy.test;

import com.nexefii.gateway.deploy.InstallProgress;
import com.nexefii.gateway.deploy.InstallStep;

/** Prints each install step into the test output, for whoever reads a failed run. */
enum InstallProgressLog implements InstallProgress {
    INSTANCE;

    @Override
    public void step(InstallStep step, String detail) {
        System.out.println("install step " + step + ": " + detail);
    }
}
