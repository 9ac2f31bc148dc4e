package org.openmusicbox.protocol.v1.mqtt;

import org.openmusicbox.protocol.v1.YoutubeProgress;

/** The topics of one device: the part after {@code omb/v1/devices/{device_id}/}, who publishes, and the payload. */
public enum TopicKind {
    LIBRARY_CHANGES("library/changes", true, LibraryChanges.class),
    LIBRARY_ACKS("library/acks", false, ChangeAcks.class),
    /** Field changes from the box's outbox (docs/sync.md). */
    SYNC_CHANGES("sync/changes", true, SyncChanges.class),
    SYNC_ACKS("sync/acks", false, SyncAcks.class),
    /** The box asks for its change log after its cursor, on every (re)connect. */
    SYNC_PULL("sync/pull", true, SyncPull.class),
    SYNC_LOG("sync/log", false, SyncLog.class),
    UPLOADS_READY("uploads/ready", true, UploadReady.class),
    UPLOADS_RESULTS("uploads/results", false, UploadResult.class),
    /** The box asks where to put or get one content-addressed media file (docs/sync.md, Media). */
    MEDIA_REQUESTS("media/requests", true, MediaRequest.class),
    MEDIA_URLS("media/urls", false, MediaAnswer.class),
    YOUTUBE_REQUESTS("youtube/requests", true, YoutubeRequest.class),
    YOUTUBE_PROGRESS("youtube/progress", false, YoutubeProgress.class),
    YOUTUBE_COMPLETE("youtube/complete", false, YoutubeDone.class),
    YOUTUBE_ERROR("youtube/error", false, YoutubeFailed.class),
    COMMANDS("commands", false, DeviceCommand.class),
    COMMAND_REPLIES("commands/replies", true, CommandReply.class),
    /** Retained; the device's last will is the offline one. */
    PRESENCE("presence", true, Presence.class),
    /** Retained; whether remote access is on and the SHA-256 of each paired phone's credential (docs/relay.md). */
    REMOTE_PHONES("remote/phones", true, RemotePhones.class),
    ERRORS("errors", false, MessageRejected.class),
    /**
     * Answers to a relay's commands: {@code commands/replies/{relay_id}}, the response topic the relay instance
     * put on the command, so the answer reaches the instance whose client asked (docs/relay.md).
     */
    RELAY_REPLIES("commands/replies", true, CommandReply.class, true, true),
    /** Retained, with an expiry: how many viewers one relay instance has of this box ({@code /{relay_id}}). */
    REMOTE_VIEWERS("remote/viewers", false, RemoteViewers.class, true, true),
    /** QoS 0: the box's numbered {@code state:*} events, only while a relay says someone watches. */
    REMOTE_STATE("remote/state", true, RemoteState.class, true, false);

    private final String suffix;
    private final boolean fromDevice;
    private final Class<?> payload;
    private final boolean forRelay;
    private final boolean relayLevel;

    TopicKind(String suffix, boolean fromDevice, Class<?> payload) {
        this(suffix, fromDevice, payload, false, false);
    }

    TopicKind(String suffix, boolean fromDevice, Class<?> payload, boolean forRelay, boolean relayLevel) {
        this.suffix = suffix;
        this.fromDevice = fromDevice;
        this.payload = payload;
        this.forRelay = forRelay;
        this.relayLevel = relayLevel;
    }

    /** The topic after the device prefix, e.g. {@code library/changes}. */
    public String suffix() {
        return suffix;
    }

    /** True for the topics a device publishes and the cloud subscribes to. */
    public boolean fromDevice() {
        return fromDevice;
    }

    /**
     * True for the relay's traffic with a box: the cloud functions do not subscribe to it, the relay does
     * ({@link Topics#relaySubscriptions}).
     */
    public boolean forRelay() {
        return forRelay;
    }

    /** True when the topic has one more level after the suffix: the relay instance's id. */
    public boolean relayLevel() {
        return relayLevel;
    }

    /** The record the payload is read into. */
    public Class<?> payload() {
        return payload;
    }

    /** The kind whose suffix this is; null for anything else. */
    static TopicKind ofSuffix(String suffix) {
        for (TopicKind kind : values()) {
            if (!kind.relayLevel && kind.suffix.equals(suffix)) {
                return kind;
            }
        }
        return null;
    }
}
