package com.nexefii.cloud.interfaces.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * Paging query parameters, as a {@code @BeanParam}: constraints on fields rather than on method
 * parameters, which Payara's OpenAPI scanner only understands for path parameters.
 */
public class Paging {

    @QueryParam("offset")
    @DefaultValue("0")
    @Min(0)
    @Max(1_000_000)
    public int offset;

    @QueryParam("limit")
    @DefaultValue("50")
    @Min(1)
    @Max(500)
    public int limit;
}
