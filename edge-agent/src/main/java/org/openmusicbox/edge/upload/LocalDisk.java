package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** {@link Disk} on the local file system (the SD card). */
public final class LocalDisk implements Disk {

    private static final int BUFFER = 64 * 1024;

    @Override
    public void write(Path file, byte[] bytes, int offset, int length) throws IOException {
        writeAtomically(file, out -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        });
    }

    @Override
    public void join(List<Path> parts, Path file) throws IOException {
        writeAtomically(file, out -> {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            for (Path part : parts) {
                try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ)) {
                    while (in.read(buffer.clear()) >= 0) {
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                    }
                }
            }
        });
    }

    private interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    /**
     * Writes a temp file beside {@code file}, forces it to the card and renames it into place: a
     * power cut leaves the old file or the whole new one, never half of it.
     */
    private static void writeAtomically(Path file, Content content) throws IOException {
        Path temp = temp(file);
        try {
            try (FileChannel out = FileChannel.open(
                    temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                content.writeTo(out);
                out.force(true);
            }
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public long usableSpace(Path dir) throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    private static Path temp(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".part");
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // The rename itself is made durable by syncing the directory (ignored where not supported).
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot open a directory; the rename is still atomic.
        }
    }
}
