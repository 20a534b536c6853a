package com.myorg.platform.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.myorg.platform.core.Money;

/** The one ObjectMapper configuration used across the services. */
public final class JsonCodec {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public Money readMoney(String json) {
        try {
            return mapper.readValue(json, Money.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
