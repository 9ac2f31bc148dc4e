/**
 * Version 1 of the MQTT protocol between a box and the cloud functions: the topic names ({@link
 * org.openmusicbox.protocol.v1.mqtt.Topics}) and one record per message. All topics live under
 * {@code omb/v1/devices/{device_id}/}, every message is published with QoS 1 over MQTT 5, and payloads are
 * JSON written by {@code JsonCodec} (snake_case on the wire).
 *
 * <p>Records check in their compact constructors what would make a message unusable (a missing id, a
 * negative version, an unknown op or entity) and throw {@link IllegalArgumentException} naming the field.
 * Reading such a message through {@code JsonCodec} therefore fails with its usual
 * {@code JsonFormatException}, so a handler never sees a half-valid message. docs/mqtt.md describes the
 * rules around these messages.
 *
 * <p>The {@code sync/} messages carry the field changes of docs/sync.md: {@link
 * org.openmusicbox.protocol.v1.mqtt.SyncChange} maps to and from the sync model's {@code FieldChange}, and {@link
 * org.openmusicbox.protocol.v1.mqtt.SyncBatches} keeps each message under the broker's size limit.
 */
package org.openmusicbox.protocol.v1.mqtt;
