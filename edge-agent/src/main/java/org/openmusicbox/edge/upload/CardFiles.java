package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.openmusicbox.edge.box.BoxError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What uploads keep on the card: each session's chunks in {@code <data-dir>/uploads/<session-id>/chunk-<n>},
 * each written whole or not at all through the {@link Disk}, so that an upload cut off by a power
 * cut or a restart resumes where it stopped; and whether the card has room for what is asked.
 */
public final class CardFiles {

    // The whole upload flow logs as Uploads, as it did before it was split.
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    private final Path dir;
    private final Disk disk;

    public CardFiles(Path dataDir) {
        this(dataDir, new LocalDisk());
    }

    CardFiles(Path dataDir, Disk disk) {
        this.dir = dataDir.toAbsolutePath().normalize().resolve(Uploads.UPLOADS_DIRECTORY);
        this.disk = disk;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    Path chunk(String sessionId, int index) {
        return dir.resolve(sessionId).resolve("chunk-" + index);
    }

    /** Every chunk of the session, in order. */
    List<Path> chunks(UploadSession s) {
        List<Path> parts = new ArrayList<>();
        for (int i = 0; i < s.totalChunks(); i++) {
            parts.add(chunk(s.id(), i));
        }
        return parts;
    }

    void writeChunk(Path file, byte[] bytes, int offset, int length) throws IOException {
        Files.createDirectories(file.getParent());
        requireSpace(length);
        disk.write(file, bytes, offset, length);
    }

    /** A file outside the chunk folders (the cover picture next to a track), written whole. */
    void writeWhole(Path file, byte[] bytes) throws IOException {
        disk.write(file, bytes, 0, bytes.length);
    }

    void join(List<Path> parts, Path file) throws IOException {
        disk.join(parts, file);
    }

    /** Removes the session's chunk folder, if any. */
    void remove(String sessionId) {
        deleteTree(dir.resolve(sessionId));
    }

    /** Tells {@code each} the name of every chunk folder on the card. */
    void eachFolder(Consumer<String> each) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
            for (Path folder : dirs) {
                each.accept(folder.getFileName().toString());
            }
        } catch (IOException e) {
            log.warn("Cannot list {}: {}", dir, e.toString());
        }
    }

    void requireSpace(long bytes) {
        requireSpace(bytes, 0);
    }

    /** @param promised how much of {@code bytes} other open uploads have declared */
    void requireSpace(long bytes, long promised) {
        long usable;
        try {
            usable = disk.usableSpace(dir);
        } catch (IOException e) {
            return; // cannot tell; the write itself will say
        }
        if (usable < bytes) {
            throw new BoxError(
                    "insufficient_storage",
                    507,
                    "The box's storage is full: " + bytes
                            + " bytes are needed"
                            + (promised > 0 ? " (" + promised + " of them for uploads already open)" : "")
                            + " and " + usable + " are free",
                    Map.of("needed_bytes", bytes, "free_bytes", usable, "open_uploads_bytes", promised),
                    null);
        }
    }

    static int readHead(Path file, byte[] head) {
        try (InputStream in = Files.newInputStream(file)) {
            return Math.max(0, in.readNBytes(head, 0, head.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sameBytes(Path file, byte[] bytes, int offset, int length) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int position = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (position + n > length
                        || !java.util.Arrays.equals(buffer, 0, n, bytes, offset + position, offset + position + n)) {
                    return false;
                }
                position += n;
            }
            return position == length;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", file, e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                deleteQuietly(f);
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            log.warn("Cannot empty {}: {}", dir, e.toString());
        }
        deleteQuietly(dir);
    }
}
