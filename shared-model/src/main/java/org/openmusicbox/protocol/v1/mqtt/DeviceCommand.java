package org.openmusicbox.protocol.v1.mqtt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code commands}, cloud to device: run command {@code name} with {@code args}. Published with the MQTT 5
 * response topic {@code .../commands/replies} and correlation data = the UTF-8 bytes of {@code command_id};
 * the device answers with one {@link CommandReply}. A device that sees a {@code command_id} again answers
 * with its first reply without running the command twice. Absent {@code args} read as an empty object.
 */
public record DeviceCommand(String commandId, String name, Map<String, Object> args) {

    /**
     * The cloud logged a change for the device that did not come from the device itself: pull the log now, as on
     * a connect. No arguments.
     */
    public static final String SYNC_NOW = "sync_now";

    /** A phone's HTTP request through a relay; arguments {@link HttpCall}, reply data {@link HttpAnswer}. */
    public static final String HTTP = "http";

    /** A phone's Socket.IO event through a relay; arguments {@link SocketCall}, reply data {@link SocketAnswer}. */
    public static final String SOCKET = "socket";

    /**
     * The MQTT 5 message expiry of a relay's command: the broker drops one it could not deliver in time, so a
     * command is never run long after the phone gave up; the relay stops waiting a little later.
     */
    public static final int RELAY_EXPIRY_SECONDS = 10;

    public DeviceCommand {
        Check.present(commandId, "command_id");
        Check.present(name, "name");
        // Not Map.copyOf: an argument may be null.
        args = args == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }
}
