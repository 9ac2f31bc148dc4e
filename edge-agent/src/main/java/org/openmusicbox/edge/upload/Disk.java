package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The writes of an upload, each atomic: a file appears whole under its name or not at all (temp
 * file, fsync, rename). A port so that a test can make the card full.
 */
public interface Disk {

    /** Writes {@code length} bytes of {@code bytes} from {@code offset} as {@code file}. */
    void write(Path file, byte[] bytes, int offset, int length) throws IOException;

    /** Streams {@code parts}, in order, into {@code file}; never holds more than a small buffer. */
    void join(List<Path> parts, Path file) throws IOException;

    long usableSpace(Path dir) throws IOException;
}
