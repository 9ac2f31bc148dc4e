package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code presence}, device to cloud, retained: {@code online} when the device connects, {@code offline} when it
 * disconnects cleanly, and its MQTT last will is the {@code offline} message, so the broker publishes it when
 * the connection drops. {@code at} is an ISO-8601 instant (for the last will, the time the will was set, that
 * is the time of the connect).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Presence(String deviceId, Status status, String at, String agentVersion) {

    public Presence {
        Check.deviceId(deviceId, "device_id");
        Check.required(status, "status");
        Check.instant(at, "at");
    }

    public static Presence online(String deviceId, String at, String agentVersion) {
        return new Presence(deviceId, Status.ONLINE, at, agentVersion);
    }

    public static Presence offline(String deviceId, String at, String agentVersion) {
        return new Presence(deviceId, Status.OFFLINE, at, agentVersion);
    }

    public enum Status {
        ONLINE,
        OFFLINE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Status of(String wire) {
            for (Status s : values()) {
                if (s.wire().equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("status must be online or offline, was " + Check.quoted(wire));
        }
    }
}
