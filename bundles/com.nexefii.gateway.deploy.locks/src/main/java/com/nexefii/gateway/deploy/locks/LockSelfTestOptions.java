package com.nexefii.gateway.deploy.locks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** {@link LockSelfTestConfig}, checked once. */
record LockSelfTestOptions(List<String> lockIds, Duration commandTimeout) {

    LockSelfTestOptions {
        lockIds = List.copyOf(lockIds);
    }

    static LockSelfTestOptions from(LockSelfTestConfig config) {
        int timeout = config.commandTimeoutSeconds();
        if (timeout < 1 || timeout > 120) {
            throw new IllegalArgumentException("commandTimeoutSeconds: " + timeout + " is outside 1..120");
        }
        List<String> ids = config.selfTestLockIds() == null ? List.of()
                : Arrays.stream(config.selfTestLockIds()).filter(Objects::nonNull).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
        return new LockSelfTestOptions(ids, Duration.ofSeconds(timeout));
    }
}
