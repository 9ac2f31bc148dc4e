package org.openmusicbox.edge.library;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracks' audio files on the card, under the media directory. A track names its file relative to
 * that directory; nothing outside it is ever deleted, whatever a stored path says.
 */
public final class AudioFiles {

    private static final Logger log = LoggerFactory.getLogger(AudioFiles.class);

    private final Path mediaDir;

    /** {@code mediaDir} must be absolute and normalized, as {@code Database#mediaDir()} is. */
    public AudioFiles(Path mediaDir) {
        this.mediaDir = Objects.requireNonNull(mediaDir, "mediaDir");
    }

    public Path mediaDir() {
        return mediaDir;
    }

    /** The path stored for a track's file: relative to the media directory when the file is inside it. */
    public String stored(String filePath) {
        Path file = underMediaDir(filePath);
        return file == null ? filePath : mediaDir.relativize(file).toString();
    }

    /** Deletes the files of removed tracks; a file already gone is fine. */
    public void delete(List<String> filePaths) {
        deleteFiles(filePaths);
    }

    /**
     * Deletes the files of a removed playlist, then the directories that held them, and their parents up
     * to the media directory, once they are empty.
     */
    public void deleteWithEmptyDirectories(List<String> filePaths) {
        deleteFiles(filePaths).forEach(this::deleteEmptyDirectories);
    }

    /** Deletes the files (a file already gone is fine); returns the directories they were in. */
    private Set<Path> deleteFiles(List<String> filePaths) {
        Set<Path> directories = new LinkedHashSet<>();
        for (String filePath : filePaths) {
            Path file = underMediaDir(filePath);
            if (file == null) {
                log.warn("Not deleting {}: it is not under {}", filePath, mediaDir);
                continue;
            }
            try {
                Files.deleteIfExists(file);
                deleteCovers(file);
                directories.add(file.getParent());
            } catch (IOException e) {
                log.warn("Cannot delete audio file {}: {}", file, e.toString());
            }
        }
        return directories;
    }

    /**
     * An uploaded file's cover picture lies beside it as {@code <name>.cover.jpg|png} (upload/SongFacts); it has
     * no use once the audio file is gone.
     */
    private static void deleteCovers(Path audio) throws IOException {
        String name = audio.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        for (String extension : List.of("jpg", "png")) {
            Files.deleteIfExists(audio.resolveSibling(stem + ".cover." + extension));
        }
    }

    /** Removes a playlist's directory and its empty parents once they are empty, up to the media directory. */
    private void deleteEmptyDirectories(Path directory) {
        for (Path dir = directory;
                dir != null && dir.startsWith(mediaDir) && !dir.equals(mediaDir);
                dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (NoSuchFileException e) {
                // already gone: try its parent
            } catch (IOException e) {
                log.warn("Cannot remove directory {}: {}", dir, e.toString());
                return;
            }
        }
    }

    /** The file as an absolute path strictly inside the media directory, or null when it is elsewhere. */
    private Path underMediaDir(String filePath) {
        try {
            Path file = Path.of(filePath);
            Path absolute = (file.isAbsolute() ? file : mediaDir.resolve(file))
                    .toAbsolutePath()
                    .normalize();
            return absolute.startsWith(mediaDir) && !absolute.equals(mediaDir) ? absolute : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
