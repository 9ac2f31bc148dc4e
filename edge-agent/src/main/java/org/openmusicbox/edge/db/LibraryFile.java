package org.openmusicbox.edge.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library file as the box finds it at start. A file SQLite cannot read as a database (empty
 * after a power cut, or overwritten) would otherwise be taken for a new, empty library: the
 * parent's playlists would be gone without a word and their audio files would belong to nothing.
 * Such a file is moved aside instead, kept for a repair, and the start goes on with an empty
 * library that health reports (see {@code StorageCheck}); the audio files are never touched.
 */
public final class LibraryFile {

    /** A kept copy is named {@code library.db.damaged-<UTC time>}. */
    public static final String DAMAGED_MARK = ".damaged-";

    private static final Logger log = LoggerFactory.getLogger(LibraryFile.class);
    private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private LibraryFile() {}

    /**
     * Moves {@code file} (with its journal files) aside when it exists but is not a SQLite
     * database; returns the kept copy.
     */
    static Optional<Path> setAsideIfUnreadable(Path file) {
        if (!Files.exists(file) || looksLikeDatabase(file)) {
            return Optional.empty();
        }
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        Path kept = file.resolveSibling(file.getFileName() + DAMAGED_MARK + stamp);
        for (int n = 2; Files.exists(kept); n++) {
            kept = file.resolveSibling(file.getFileName() + DAMAGED_MARK + stamp + "-" + n);
        }
        try {
            long size = Files.size(file);
            Files.move(file, kept);
            for (String journal : List.of("-wal", "-shm")) {
                Path from = file.resolveSibling(file.getFileName() + journal);
                if (Files.exists(from)) {
                    Files.move(from, kept.resolveSibling(kept.getFileName() + journal));
                }
            }
            log.error(
                    "The library file {} was unreadable ({}); it was kept as {} and the box starts with a new, "
                            + "empty library. The {} audio files in {} are kept. Restore a backup of {} to get the playlists "
                            + "back.",
                    file,
                    size == 0 ? "0 bytes" : size + " bytes that are not a SQLite database",
                    kept,
                    count(file.resolveSibling(Database.MEDIA_DIRECTORY)),
                    file.resolveSibling(Database.MEDIA_DIRECTORY),
                    file.getFileName());
            return Optional.of(kept);
        } catch (IOException e) {
            throw new DatabaseException(
                    "The library file " + file + " is unreadable and could not be moved aside (" + e
                            + "); it was left as it is. Move it away by hand to start with an empty library",
                    e);
        }
    }

    /**
     * Fails the start with words a parent can act on when the data directory or the library file
     * cannot be written: SQLite would only say {@code SQLITE_CANTOPEN}.
     */
    static void requireWritable(Path dataDir, Path file) {
        Path readOnly =
                !Files.isWritable(dataDir) ? dataDir : Files.exists(file) && !Files.isWritable(file) ? file : null;
        if (readOnly != null) {
            throw new DatabaseException("The box cannot start: " + readOnly + " is read-only (the card is mounted "
                    + "read-only, often after a card error, or its permissions forbid writing). The library was not "
                    + "changed. Make the data directory writable (check the SD card, then remount it read-write or "
                    + "restart) and start the box again");
        }
    }

    /** The copies of damaged library files kept beside {@code file}, oldest first. */
    public static List<Path> keptCopies(Path file) {
        String prefix = file.getFileName() + DAMAGED_MARK;
        try (Stream<Path> all = Files.list(file.getParent())) {
            return all.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(prefix) && !name.endsWith("-wal") && !name.endsWith("-shm");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static boolean looksLikeDatabase(Path file) {
        byte[] head = new byte[HEADER.length];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, HEADER);
        } catch (IOException e) {
            throw new DatabaseException(
                    "The library file " + file + " cannot be read (" + e + "); it was left as "
                            + "it is. Check the SD card",
                    e);
        }
    }

    private static long count(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
