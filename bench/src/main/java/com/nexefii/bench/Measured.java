package com.nexefii.bench;

import java.util.concurrent.Callable;

/**
 * A value measured together with the load average around it: on a shared 2-core machine the load
 * says how far a figure can be trusted.
 */
public record Measured<T>(T value, String load) {

    public static <T> Measured<T> of(Callable<T> measurement) throws Exception {
        String before = Machine.loadNow();
        T value = measurement.call();
        return new Measured<>(value, before + "→" + Machine.loadNow());
    }
}
