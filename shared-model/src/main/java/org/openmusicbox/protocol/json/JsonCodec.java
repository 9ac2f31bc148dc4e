package org.openmusicbox.protocol.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The one JSON codec of the protocol: snake_case field names on the wire, camelCase in Java.
 * Unknown fields are ignored when reading so that newer clients can talk to an older box.
 * Thread-safe; share one instance.
 */
public final class JsonCodec {

    private final ObjectMapper mapper;

    public JsonCodec() {
        this.mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // Without this, "{...} garbage" is read as the leading value and the rest silently dropped.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .addModule(plainDoubles())
                .build();
    }

    public byte[] toBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public JsonNode toTree(Object value) {
        return mapper.valueToTree(value);
    }

    /** Reads JSON text; malformed input or a shape that does not fit {@code type} is a {@link JsonFormatException}. */
    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JsonFormatException(e.getOriginalMessage(), e);
        }
    }

    public <T> T read(byte[] json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new JsonFormatException(messageOf(e), e);
        }
    }

    public JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new JsonFormatException(e.getOriginalMessage(), e);
        }
    }

    public JsonNode readTree(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new JsonFormatException(messageOf(e), e);
        }
    }

    /** Converts an already parsed tree (or map) into a record. */
    public <T> T convert(Object tree, Class<T> type) {
        try {
            return mapper.convertValue(tree, type);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof JsonProcessingException jpe ? jpe : e;
            throw new JsonFormatException(
                    cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage(), e);
        }
    }

    /** Reads a generic wire type such as {@code StateEnvelope<PlayerState>}. */
    public <T> T read(String json, Class<?> raw, Class<?>... parameters) {
        JavaType type = mapper.getTypeFactory().constructParametricType(raw, parameters);
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JsonFormatException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes doubles in plain notation: epoch seconds come out as {@code 1795650023.958}, as the
     * original API sent them, not {@code 1.795650023958E9}. Both are valid JSON; the plain form is
     * what people and older clients expect to read.
     */
    private static SimpleModule plainDoubles() {
        JsonSerializer<Double> plain = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value.isNaN() || value.isInfinite()) {
                    gen.writeNumber(value);
                } else {
                    gen.writeNumber(java.math.BigDecimal.valueOf(value).toPlainString());
                }
            }
        };
        SimpleModule module = new SimpleModule("plain-doubles");
        module.addSerializer(Double.class, plain);
        module.addSerializer(double.class, plain);
        return module;
    }

    private static String messageOf(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
    }

    /** Input that is not valid JSON, or not the expected shape. */
    public static final class JsonFormatException extends RuntimeException {
        public JsonFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
