package com.nexefii.lock.zigbee;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Typed configurations from plain maps, with the OCD's defaults, as ConfigAdmin and DS would give them. */
final class Configs {

    private Configs() {
    }

    static ZigbeeAdapterConfiguration zigbee(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (ZigbeeAdapterConfiguration) Proxy.newProxyInstance(Configs.class.getClassLoader(),
                new Class<?>[] { ZigbeeAdapterConfiguration.class }, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ZigbeeAdapterConfiguration.class;
                    }
                    if (copy.containsKey(method.getName())) {
                        return copy.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }
}
