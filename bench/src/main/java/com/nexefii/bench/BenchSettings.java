package com.nexefii.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run is made.
 *
 * @param quick short iterations and small counts: proves the harness works, the figures are rough
 * @param work scratch directory on the disk under test (event logs, framework storage, broker data)
 * @param classpath the class path of this JVM, for forked measurements
 * @param gatewayBundles the bundles of scenario 8
 * @param gatewayJar an executable gateway jar with the simulator bundle (scenario 8), or {@code null}
 * @param stackEnv {@code stack.env} of a running stack (integration-tests/stack), or {@code null}
 * @param jvmArgs extra JVM arguments for forked measurements (e.g. JFR)
 */
public record BenchSettings(boolean quick, Path work, String classpath, Path gatewayBundles, Path gatewayJar,
        Path stackEnv, List<String> jvmArgs) {

    /** @return {@code quick} when quick, else {@code full} */
    public <T> T pick(T quickValue, T fullValue) {
        return quick ? quickValue : fullValue;
    }

    public Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
