package org.openmusicbox.protocol.v1;

/** Socket.IO event names. The names are the protocol: the frontend matches them literally. */
public final class Events {

    // Connection
    public static final String CONNECT = "connect";
    public static final String DISCONNECT = "disconnect";
    public static final String CONNECTION_STATUS = "connection_status";
    public static final String CLIENT_PING = "client_ping";
    public static final String CLIENT_PONG = "client_pong";

    // Rooms
    public static final String JOIN_PLAYLISTS = "join:playlists";
    public static final String JOIN_PLAYLIST = "join:playlist";
    public static final String JOIN_NFC = "join:nfc";
    public static final String LEAVE_PLAYLISTS = "leave:playlists";
    public static final String LEAVE_PLAYLIST = "leave:playlist";
    /** Not in the event documentation, but the frontend may send it, so a server should accept it. */
    public static final String LEAVE_NFC = "leave:nfc";

    public static final String ACK_JOIN = "ack:join";
    public static final String ACK_LEAVE = "ack:leave";

    // State events, all wrapped in a StateEnvelope
    public static final String STATE_PLAYER = "state:player";
    public static final String STATE_TRACK_POSITION = "state:track_position";
    public static final String STATE_PLAYLISTS = "state:playlists";
    public static final String STATE_PLAYLIST = "state:playlist";
    public static final String STATE_TRACK = "state:track";
    public static final String STATE_PLAYLIST_CREATED = "state:playlist_created";
    public static final String STATE_PLAYLIST_UPDATED = "state:playlist_updated";
    public static final String STATE_PLAYLIST_DELETED = "state:playlist_deleted";
    public static final String STATE_TRACK_ADDED = "state:track_added";
    public static final String STATE_TRACK_DELETED = "state:track_deleted";
    public static final String STATE_VOLUME_CHANGED = "state:volume_changed";
    public static final String STATE_TAG_NAMED = "state:tag_named";

    // Operation results
    public static final String ACK_OP = "ack:op";
    public static final String ERR_OP = "err:op";

    // Uploads
    public static final String UPLOAD_PROGRESS = "upload:progress";
    public static final String UPLOAD_COMPLETE = "upload:complete";
    public static final String UPLOAD_ERROR = "upload:error";

    // NFC association
    public static final String NFC_STATUS = "nfc_status";
    public static final String NFC_ASSOCIATION_STATE = "nfc_association_state";
    public static final String START_NFC_LINK = "start_nfc_link";
    public static final String STOP_NFC_LINK = "stop_nfc_link";
    public static final String OVERRIDE_NFC_TAG = "override_nfc_tag";

    // YouTube downloads
    public static final String YOUTUBE_PROGRESS = "youtube:progress";
    public static final String YOUTUBE_COMPLETE = "youtube:complete";
    public static final String YOUTUBE_ERROR = "youtube:error";

    // Health
    public static final String HEALTH_CHECK = "health_check";
    public static final String HEALTH_STATUS = "health_status";
    public static final String HEALTH_ERROR = "health_error";

    // Synchronisation
    public static final String SYNC_REQUEST = "sync:request";
    public static final String SYNC_COMPLETE = "sync:complete";
    public static final String SYNC_ERROR = "sync:error";
    public static final String CLIENT_REQUEST_CURRENT_STATE = "client:request_current_state";

    private Events() {}
}
