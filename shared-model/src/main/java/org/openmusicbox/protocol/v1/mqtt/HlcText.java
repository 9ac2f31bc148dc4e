package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads an {@code hlc} only from a JSON string. Jackson would turn the number {@code 7052417135452454913} into the
 * same text, but a sender that wrote a number has been through a JavaScript double and may have lost the low bits
 * (the counter), so a number is refused rather than trusted.
 */
final class HlcText extends StdDeserializer<String> {

    HlcText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            return (String) context.reportInputMismatch(
                    String.class, "hlc must be a decimal string, was %s", parser.currentToken());
        }
        return parser.getText();
    }
}
