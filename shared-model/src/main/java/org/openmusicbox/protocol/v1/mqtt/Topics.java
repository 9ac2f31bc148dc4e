package org.openmusicbox.protocol.v1.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic names of the MQTT protocol: {@code omb/v1/devices/{device_id}/} followed by a {@link TopicKind}'s
 * suffix. Builders refuse a device id that is not 1-64 characters of {@code [A-Za-z0-9_-]}, so a topic never
 * carries a wildcard or an extra level; {@link #parse} refuses any topic that is not exactly one of ours.
 */
public final class Topics {

    /** Every message of the protocol is published and subscribed with this QoS. */
    public static final int QOS = 1;

    /** The topic root; a device's topics are {@code omb/v1/devices/{device_id}/...}. */
    public static final String ROOT = "omb/v1/devices/";

    /** The shared-subscription group the cloud instances use unless configured otherwise. */
    public static final String DEFAULT_SHARE_GROUP = "omb-cloud";

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SHARE_GROUP = Pattern.compile("[^/+#]+");

    private Topics() {}

    /**
     * A received topic, split into its device and kind, and the relay instance's id for a kind with
     * {@link TopicKind#relayLevel()} (null otherwise).
     */
    public record Address(String deviceId, TopicKind kind, String relayId) {

        public Address {
            Check.deviceId(deviceId, "device id");
            Check.required(kind, "kind");
            if (kind.relayLevel()) {
                Check.deviceId(relayId, "relay id");
            } else if (relayId != null) {
                throw new IllegalArgumentException("topic " + kind.suffix() + " has no relay id");
            }
        }

        public Address(String deviceId, TopicKind kind) {
            this(deviceId, kind, null);
        }

        public String topic() {
            return kind.relayLevel() ? Topics.topic(deviceId, kind) + "/" + relayId : Topics.topic(deviceId, kind);
        }
    }

    public static boolean isDeviceId(String deviceId) {
        return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
    }

    /** {@code omb/v1/devices/{device_id}/}. */
    public static String prefix(String deviceId) {
        return ROOT + Check.deviceId(deviceId, "device id") + "/";
    }

    public static String topic(String deviceId, TopicKind kind) {
        Check.required(kind, "kind");
        return prefix(deviceId) + kind.suffix();
    }

    public static String libraryChanges(String deviceId) {
        return topic(deviceId, TopicKind.LIBRARY_CHANGES);
    }

    public static String libraryAcks(String deviceId) {
        return topic(deviceId, TopicKind.LIBRARY_ACKS);
    }

    public static String syncChanges(String deviceId) {
        return topic(deviceId, TopicKind.SYNC_CHANGES);
    }

    public static String syncAcks(String deviceId) {
        return topic(deviceId, TopicKind.SYNC_ACKS);
    }

    public static String syncPull(String deviceId) {
        return topic(deviceId, TopicKind.SYNC_PULL);
    }

    public static String syncLog(String deviceId) {
        return topic(deviceId, TopicKind.SYNC_LOG);
    }

    public static String uploadsReady(String deviceId) {
        return topic(deviceId, TopicKind.UPLOADS_READY);
    }

    public static String uploadsResults(String deviceId) {
        return topic(deviceId, TopicKind.UPLOADS_RESULTS);
    }

    public static String mediaRequests(String deviceId) {
        return topic(deviceId, TopicKind.MEDIA_REQUESTS);
    }

    public static String mediaUrls(String deviceId) {
        return topic(deviceId, TopicKind.MEDIA_URLS);
    }

    public static String youtubeRequests(String deviceId) {
        return topic(deviceId, TopicKind.YOUTUBE_REQUESTS);
    }

    public static String youtubeProgress(String deviceId) {
        return topic(deviceId, TopicKind.YOUTUBE_PROGRESS);
    }

    public static String youtubeComplete(String deviceId) {
        return topic(deviceId, TopicKind.YOUTUBE_COMPLETE);
    }

    public static String youtubeError(String deviceId) {
        return topic(deviceId, TopicKind.YOUTUBE_ERROR);
    }

    public static String commands(String deviceId) {
        return topic(deviceId, TopicKind.COMMANDS);
    }

    /** Also the MQTT 5 response topic of every command sent to this device. */
    public static String commandReplies(String deviceId) {
        return topic(deviceId, TopicKind.COMMAND_REPLIES);
    }

    public static String presence(String deviceId) {
        return topic(deviceId, TopicKind.PRESENCE);
    }

    public static String remotePhones(String deviceId) {
        return topic(deviceId, TopicKind.REMOTE_PHONES);
    }

    public static String errors(String deviceId) {
        return topic(deviceId, TopicKind.ERRORS);
    }

    /** The response topic a relay instance puts on its commands: {@code .../commands/replies/{relay_id}}. */
    public static String relayReplies(String deviceId, String relayId) {
        return new Address(deviceId, TopicKind.RELAY_REPLIES, relayId).topic();
    }

    /** Where relay instance {@code relayId} keeps, retained, its count of this box's viewers. */
    public static String remoteViewers(String deviceId, String relayId) {
        return new Address(deviceId, TopicKind.REMOTE_VIEWERS, relayId).topic();
    }

    public static String remoteState(String deviceId) {
        return topic(deviceId, TopicKind.REMOTE_STATE);
    }

    /** A relay instance's id has the form of a device id: it is one topic level. */
    public static boolean isRelayId(String relayId) {
        return isDeviceId(relayId);
    }

    /**
     * What one relay instance subscribes to, without sharing: the answers to its own commands, every box's
     * mirrored state, phone list and presence (the last two retained).
     */
    public static List<String> relaySubscriptions(String relayId) {
        Check.deviceId(relayId, "relay id");
        return List.of(
                ROOT + "+/" + TopicKind.RELAY_REPLIES.suffix() + "/" + relayId,
                allDevices(TopicKind.REMOTE_STATE),
                allDevices(TopicKind.REMOTE_PHONES),
                allDevices(TopicKind.PRESENCE));
    }

    /** The filter for one kind on every device: {@code omb/v1/devices/+/library/changes}. */
    public static String allDevices(TopicKind kind) {
        Check.required(kind, "kind");
        return ROOT + "+/" + kind.suffix();
    }

    /**
     * The shared subscription for one kind on every device: {@code $share/<group>/omb/v1/devices/+/<suffix>}.
     * The broker delivers each message to one subscriber of the group, so cloud instances split the load.
     */
    public static String shared(String group, TopicKind kind) {
        if (group == null || !SHARE_GROUP.matcher(group).matches()) {
            throw new IllegalArgumentException(
                    "share group must be non-empty without '/', '+' or '#', was " + Check.quoted(group));
        }
        return "$share/" + group + "/" + allDevices(kind);
    }

    /** The shared subscriptions of the cloud: one per kind a device publishes, in {@link TopicKind} order. */
    public static List<String> cloudSubscriptions(String group) {
        return Arrays.stream(TopicKind.values())
                .filter(kind -> kind.fromDevice() && !kind.forRelay())
                .map(kind -> shared(group, kind))
                .toList();
    }

    /**
     * The topics a device subscribes to: every kind the cloud publishes, for this device only; a kind with a relay
     * level with {@code /+} for every relay instance.
     */
    public static List<String> deviceSubscriptions(String deviceId) {
        return Arrays.stream(TopicKind.values())
                .filter(kind -> !kind.fromDevice())
                .map(kind -> kind.relayLevel() ? topic(deviceId, kind) + "/+" : topic(deviceId, kind))
                .toList();
    }

    /**
     * Splits a received topic. Anything but {@code omb/v1/devices/{device_id}/<known suffix>}, with a valid device
     * id, is an {@link IllegalArgumentException}.
     */
    public static Address parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            throw new IllegalArgumentException("not an omb/v1 device topic: " + Check.quoted(topic));
        }
        String rest = topic.substring(ROOT.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("no topic after the device id: " + Check.quoted(topic));
        }
        String deviceId = rest.substring(0, slash);
        if (!isDeviceId(deviceId)) {
            throw new IllegalArgumentException(
                    "invalid device id in topic " + Check.quoted(topic) + ": must be 1-64 characters of [A-Za-z0-9_-]");
        }
        String suffix = rest.substring(slash + 1);
        TopicKind kind = TopicKind.ofSuffix(suffix);
        if (kind != null) {
            return new Address(deviceId, kind);
        }
        int last = suffix.lastIndexOf('/');
        if (last > 0) {
            String head = suffix.substring(0, last);
            String relayId = suffix.substring(last + 1);
            for (TopicKind relayKind : TopicKind.values()) {
                if (relayKind.relayLevel() && relayKind.suffix().equals(head) && isRelayId(relayId)) {
                    return new Address(deviceId, relayKind, relayId);
                }
            }
        }
        throw new IllegalArgumentException("unknown topic " + Check.quoted(topic));
    }

    public static String deviceOf(String topic) {
        return parse(topic).deviceId();
    }

    public static TopicKind kindOf(String topic) {
        return parse(topic).kind();
    }

    /** The relay instance's id at the end of a relay-level topic; null for any other topic of ours. */
    public static String relayIdOf(String topic) {
        return parse(topic).relayId();
    }

    /** The MQTT 5 correlation data of a command: the UTF-8 bytes of its {@code command_id}. */
    public static byte[] correlationData(String commandId) {
        return Check.present(commandId, "command_id").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code command_id} carried in a reply's correlation data. */
    public static String commandIdOf(byte[] correlationData) {
        if (correlationData == null || correlationData.length == 0) {
            throw new IllegalArgumentException("correlation data must not be empty");
        }
        return new String(correlationData, StandardCharsets.UTF_8);
    }
}
