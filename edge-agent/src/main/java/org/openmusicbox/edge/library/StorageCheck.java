package org.openmusicbox.edge.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
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
    private volatile DeviceStatus status = DeviceStatus.available("Not checked yet");

    /** @param integrity the library file's own check: "ok" or what is wrong */
    public StorageCheck(Library library, Supplier<String> integrity) {
        this.library = library;
        this.integrity = integrity;
    }

    public Result run() {
        removeLeftovers(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        List<String> missing = new ArrayList<>();
        int tracks = 0;
        for (PlaylistLite lite : library.summaries()) {
            Playlist playlist = library.playlist(lite.id()).orElse(null);
            if (playlist == null) {
                continue;
            }
            for (Track track : playlist.tracks()) {
                tracks++;
                if (!Files.isRegularFile(Path.of(track.filePath()))) {
                    missing.add(playlist.title() + " / " + track.title());
                }
            }
        }
        long free;
        try {
            free = Files.getFileStore(library.mediaDir()).getUsableSpace();
        } catch (IOException e) {
            free = -1;
        }
        Result result = new Result(integrity.get(), tracks, missing, free);
        status = result.status();
        if (status.state() == DeviceStatus.State.FAILED) {
            log.warn("Storage: {}", status.detail());
        } else {
            log.info("Storage: {}", status.detail());
        }
        return result;
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

    /** The last result, for health. */
    public DeviceStatus status() {
        return status;
    }
}
