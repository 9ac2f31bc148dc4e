package org.openmusicbox.edge.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.db.LibraryFile;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.protocol.v1.Playlist;
import org.openmusicbox.protocol.v1.PlaylistLite;
import org.openmusicbox.protocol.v1.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the library after a start, when a power cut or a pulled SD card may have left it short:
 * the library file must pass SQLite's check, every track's audio file must be there, and the card
 * must have room. What it finds is a status
 * for health (and the log), not a repair: a parent decides what to do with a track whose file is
 * gone. It runs off the start path, since it touches every file.
 */
public final class StorageCheck {

    private static final Logger log = LoggerFactory.getLogger(StorageCheck.class);

    /** Below this much free space the box warns: an upload or a resume point could fail. */
    static final long LOW_SPACE_BYTES = 200L * 1024 * 1024;

    public record Result(String integrity, int tracks, List<String> missingFiles, long freeBytes) {
        public Result {
            missingFiles = List.copyOf(missingFiles);
        }

        public DeviceStatus status() {
            String free = String.format("%.1f GB free", freeBytes / 1e9);
            if (!"ok".equals(integrity)) {
                return DeviceStatus.failed("The library file is damaged (" + integrity + "); " + free);
            }
            if (!missingFiles.isEmpty()) {
                return DeviceStatus.failed(missingFiles.size() + " of " + tracks + " track files are missing (first: "
                        + missingFiles.get(0) + "); " + free);
            }
            if (freeBytes >= 0 && freeBytes < LOW_SPACE_BYTES) {
                return DeviceStatus.failed("Storage almost full: " + free);
            }
            return DeviceStatus.available(tracks + " track files present; " + free);
        }
    }

    private final Library library;
    private final Supplier<String> integrity;
    private static final String NOT_CHECKED = "Not checked yet";
    private volatile DeviceStatus status = DeviceStatus.available(NOT_CHECKED);
    private volatile String damage;

    /** @param integrity the library file's own check: "ok" or what is wrong */
    public StorageCheck(Library library, Supplier<String> integrity) {
        this.library = library;
        this.integrity = integrity;
    }

    /**
     * Runs every check and keeps what it found for health. Never throws: a check that fails is
     * itself a finding (a library SQLite cannot read is a damaged library), so health never stays
     * at "Not checked yet".
     */
    public Result run() {
        try {
            removeLeftovers(
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        } catch (RuntimeException e) {
            log.warn("Cannot look for half-written files: {}", e.toString());
        }
        String found;
        try {
            found = integrity.get();
        } catch (RuntimeException e) {
            found = "cannot check: " + e.getMessage();
        }
        List<String> missing = new ArrayList<>();
        int tracks = 0;
        try {
            for (PlaylistLite lite : library.summaries()) {
                Playlist playlist = library.playlist(lite.id()).orElse(null);
                if (playlist == null) {
                    continue;
                }
                for (Track track : playlist.tracks()) {
                    tracks++;
                    if (!Files.isRegularFile(library.mediaDir().resolve(track.filePath()))) {
                        missing.add(playlist.title() + " / " + track.title());
                    }
                }
            }
        } catch (RuntimeException e) {
            if ("ok".equals(found)) {
                found = "cannot read the playlists: " + e.getMessage();
            }
        }
        long free;
        try {
            free = Files.getFileStore(library.mediaDir()).getUsableSpace();
        } catch (IOException e) {
            free = -1;
        }
        Result result = new Result(found, tracks, missing, free);
        damage = "ok".equals(found) ? null : damageReport(found);
        status = result.status();
        if (damage != null) {
            log.error("Library: {}", damage);
        }
        if (status.state() == DeviceStatus.State.FAILED) {
            log.warn("Storage: {}", status.detail());
        } else {
            log.info("Storage: {}", status.detail());
        }
        return result;
    }

    private String damageReport(String found) {
        // Names relative to the data directory: health is read by anyone on the network.
        return "The library file " + Database.FILE_NAME + " is damaged (SQLite's check says: " + shorten(found)
                + "). The box keeps running with it as it is, and keeps every audio file in " + Database.MEDIA_DIRECTORY
                + "/, but playlists may fail to load or change. Restore a backup of the library file, or stop the box "
                + "and repair it (sqlite3 " + Database.FILE_NAME + " '.recover'); the audio files stay where they are";
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + " ...";
    }

    private Path libraryFile() {
        return library.mediaDir().resolveSibling(Database.FILE_NAME);
    }

    /**
     * Removes half-written files ({@code .<name>.part}) that a power cut or a kill left behind in
     * the media and upload folders: files are written under such a name and renamed when whole, so
     * one older than this start can never be finished. Newer ones may belong to a write in progress.
     */
    int removeLeftovers(long startedAtMillis) {
        Path media = library.mediaDir();
        int removed = 0;
        for (Path folder : List.of(media, media.resolveSibling("uploads"))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var files = Files.walk(folder, 2)) {
                for (Path file : files.filter(StorageCheck::isPart).toList()) {
                    if (Files.getLastModifiedTime(file).toMillis() < startedAtMillis && Files.deleteIfExists(file)) {
                        removed++;
                    }
                }
            } catch (IOException e) {
                log.debug("Cannot look for leftovers in {}: {}", folder, e.toString());
            }
        }
        if (removed > 0) {
            log.info("Removed {} half-written file(s) left by an interrupted write", removed);
        }
        return removed;
    }

    private static boolean isPart(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".part") && Files.isRegularFile(file);
    }

    /**
     * The last result, for health, with two things read live since they can change at any time: a
     * card that turned read-only, and damaged library files kept aside at a start (reported until a
     * parent or helper removes them, so that a restart does not hide that playlists were lost).
     */
    public DeviceStatus status() {
        Path dataDir = library.mediaDir().getParent();
        if (dataDir != null && Files.isDirectory(dataDir) && !Files.isWritable(dataDir)) {
            return DeviceStatus.failed("The box's storage is read-only: music plays, but no change "
                    + "can be saved. Restart the box; if it stays read-only, check or replace the SD card");
        }
        List<Path> kept = LibraryFile.keptCopies(libraryFile());
        if (!kept.isEmpty()) {
            return DeviceStatus.failed("Recovered from a damaged library: the library file was unreadable at a start "
                    + "and was kept as " + kept.get(kept.size() - 1).getFileName()
                    + (kept.size() > 1 ? " (and " + (kept.size() - 1) + " older copies)" : "")
                    + "; the box started a new, empty library. The audio "
                    + "files in " + Database.MEDIA_DIRECTORY + "/ were kept. Restore a backup of " + Database.FILE_NAME
                    + " to get the playlists back; remove the kept copy to clear this message. " + status.detail());
        }
        return current(status);
    }

    /**
     * A passed check says how many track files there are and how much room is left; both change with
     * every upload and deletion, so they are read again here (a count over the playlist summaries and
     * one file-store call, cheap enough for every health read) instead of repeating the start's numbers.
     * A failed check keeps its own sentence: what it found is not cured by counting again.
     */
    private DeviceStatus current(DeviceStatus found) {
        if (found.state() == DeviceStatus.State.FAILED || NOT_CHECKED.equals(found.detail())) {
            return found;
        }
        try {
            int tracks = library.summaries().stream()
                    .mapToInt(PlaylistLite::trackCount)
                    .sum();
            long free = Files.getFileStore(library.mediaDir()).getUsableSpace();
            return new Result("ok", tracks, List.of(), free).status();
        } catch (IOException | RuntimeException e) {
            return found;
        }
    }

    /** What is wrong with the library file, for health to call the box unhealthy; null when it passed. */
    public String damage() {
        return damage;
    }
}
