package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Audio files for the media tests, and what a box holds and shows of them. */
public final class MediaFiles {

    private MediaFiles() {}

    /** {@code seconds} of 8 kHz mono 16-bit WAV, a quiet ramp seeded by {@code seed} so files differ. */
    public static byte[] wav(int seconds, int seed) {
        int samples = 8000 * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1);
        b.putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) ((i * 7 + seed) % 64));
        }
        return b.array();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The box's media directory (docs/sync.md: files from the cloud are {@code media/<sha256>.<ext>}). */
    public static Path mediaDir(BoxProcess box) {
        return box.dataDir().resolve("media");
    }

    /** The cached file's bytes, or null while it is not there. */
    public static byte[] cached(BoxProcess box, String sha256, String ext) {
        Path file = mediaDir(box).resolve(sha256 + "." + ext);
        try {
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of download parts ({@code *.part}) in the media directory. */
    public static List<String> parts(BoxProcess box) {
        try (Stream<Path> files = Files.list(mediaDir(box))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".part"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The track as the box's playlist payload shows it, or null when the playlist does not hold it. */
    public static JsonNode shownTrack(BoxProcess box, String playlistId, String trackId) {
        Http.Answer answer = box.http().get("/api/playlists/" + playlistId);
        if (!answer.ok()) {
            return null;
        }
        for (JsonNode t : answer.body().path("data").path("tracks")) {
            if (trackId.equals(t.path("id").asText())) {
                return t;
            }
        }
        return null;
    }

    /** Shown and playable: the payload leaves {@code available} out unless it is false (shared-model Track). */
    public static boolean available(JsonNode track) {
        return track != null && track.path("available").asBoolean(true);
    }

    /** A parent's upload of {@code bytes} on the LAN as a new track titled {@code title}; returns its id. */
    public static String upload(BoxProcess box, String playlistId, String filename, byte[] bytes, String title) {
        String base = "/api/playlists/" + playlistId + "/uploads";
        String session = box.http()
                .send("POST", base + "/session", Map.of("filename", filename, "file_size", bytes.length))
                .okBody("upload session")
                .path("data")
                .path("session_id")
                .asText();
        box.http().putFile(base + "/" + session + "/chunks/0", filename, bytes).okBody("upload chunk");
        return box.http()
                .send("POST", base + "/" + session + "/finalize", Map.of("metadata_override", Map.of("title", title)))
                .okBody("finalize upload")
                .path("data")
                .path("track")
                .path("id")
                .asText();
    }

    /** Starts the playlist from its first track; returns the player state the box answered. */
    public static JsonNode play(BoxProcess box, String playlistId) {
        return box.http()
                .send("POST", "/api/playlists/" + playlistId + "/start", Map.of("from_beginning", true))
                .okBody("start " + playlistId)
                .path("data");
    }

    public static JsonNode playerState(BoxProcess box) {
        return box.http().get("/api/player/status").okBody("player status").path("data");
    }
}
