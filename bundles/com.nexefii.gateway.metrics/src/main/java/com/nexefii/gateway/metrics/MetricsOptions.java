package com.nexefii.gateway.metrics;

/** {@link MetricsConfig}, checked once. */
record MetricsOptions(String path, int lowBatteryPercent, boolean perLockBattery) {

    static MetricsOptions from(MetricsConfig config) {
        String path = config.osgi_http_whiteboard_servlet_pattern();
        if (path == null || !path.startsWith("/") || path.contains(" ")) {
            throw new IllegalArgumentException("osgi.http.whiteboard.servlet.pattern: '" + path
                    + "' is not a path starting with '/'");
        }
        int low = config.lowBatteryPercent();
        if (low < 1 || low > 100) {
            throw new IllegalArgumentException("lowBatteryPercent: " + low + " is outside 1..100");
        }
        return new MetricsOptions(path, low, config.perLockBattery());
    }
}
