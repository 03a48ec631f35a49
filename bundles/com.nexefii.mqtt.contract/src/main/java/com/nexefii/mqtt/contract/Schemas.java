package com.nexefii.mqtt.contract;

import java.net.URL;

/** Where the JSON Schemas (draft 2020-12) of contract version 1 live on the class path. */
public final class Schemas {

    /** Value of every payload's {@code v} field in this contract version. */
    public static final int VERSION = 1;

    private Schemas() {
    }

    /** @return the class-path resource name of a schema, e.g. {@code event} */
    public static String resourceName(String schema) {
        return "com/nexefii/mqtt/contract/v1/" + schema + ".schema.json";
    }

    /** @return the schema's URL from this bundle */
    public static URL resource(String schema) {
        URL url = Schemas.class.getClassLoader().getResource(resourceName(schema));
        if (url == null) {
            throw new IllegalArgumentException("no schema named " + schema);
        }
        return url;
    }
}
