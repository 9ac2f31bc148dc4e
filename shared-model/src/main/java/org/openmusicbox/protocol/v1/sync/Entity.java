package org.openmusicbox.protocol.v1.sync;

/** What a {@link FieldChange} is about. A tag is known by its NFC UID and has one field, its playlist. */
public enum Entity {
    PLAYLIST,
    TRACK,
    TAG
}
