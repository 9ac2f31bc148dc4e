package org.openmusicbox.cloud.media;

/** The audio formats the box plays, with the extension and content type their objects are stored under. */
public enum AudioFormat {
    MP3("mp3", "audio/mpeg"),
    WAV("wav", "audio/wav"),
    FLAC("flac", "audio/flac"),
    OGG("ogg", "audio/ogg"),
    M4A("m4a", "audio/mp4");

    private final String extension;
    private final String contentType;

    AudioFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The wire name, as in {@code CloudTrack.format}. */
    public String wireName() {
        return extension;
    }
}
