package org.openmusicbox.protocol.json;

/**
 * A message already turned into JSON text. An event sent to many clients, or kept for replay, is
 * encoded once and stored compactly instead of being re-encoded per client.
 */
public record EncodedJson(String json) {

    public EncodedJson {
        if (json == null || json.isEmpty()) {
            throw new IllegalArgumentException("Encoded JSON must not be empty");
        }
    }
}
