package org.openmusicbox.edge.upload;

import java.nio.file.Path;

/** Reads the title, artist, album and cover picture an audio file carries. */
public interface Tags {

    /** What the file says about itself; fields are null when it has no such tag or cannot be read. */
    FileTags read(Path file);

    record FileTags(String title, String artist, String album, Cover cover) {
        public static final FileTags NONE = new FileTags(null, null, null, null);
    }

    /** An embedded picture; {@code extension} without the dot ("jpg", "png"). */
    record Cover(byte[] bytes, String extension) {}
}
