package com.nexefii.cloud.interfaces.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** ISO-8601 instants in query parameters; a malformed one is a 400. */
@Provider
public class InstantParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != Instant.class) {
            return null;
        }
        return (ParamConverter<T>) new ParamConverter<Instant>() {
            @Override
            public Instant fromString(String value) {
                if (value == null || value.isBlank()) {
                    return null;
                }
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException e) {
                    throw new BadRequestException("not an ISO-8601 instant: " + value);
                }
            }

            @Override
            public String toString(Instant value) {
                return value.toString();
            }
        };
    }
}
