package org.openmusicbox.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A box's library as a parent edits and sees it on the home network: the HTTP API of the edge agent. */
public final class Library {

    private final Http http;

    Library(Http http) {
        this.http = http;
    }

    /** Creates a playlist; returns its id. */
    public String createPlaylist(String title) {
        return http.send("POST", "/api/playlists", Map.of("title", title, "description", ""))
                .okBody("create playlist " + title)
                .path("data")
                .path("id")
                .asText();
    }

    /** The raw answer, for a caller that records whether the edit was acknowledged. */
    public Http.Answer tryCreatePlaylist(String title) {
        return http.send("POST", "/api/playlists", Map.of("title", title, "description", ""));
    }

    public void rename(String playlistId, String title) {
        http.send("PUT", "/api/playlists/" + playlistId, Map.of("title", title)).okBody("rename " + playlistId);
    }

    public void describe(String playlistId, String description) {
        http.send("PUT", "/api/playlists/" + playlistId, Map.of("description", description))
                .okBody("describe " + playlistId);
    }

    public void deletePlaylist(String playlistId) {
        http.send("DELETE", "/api/playlists/" + playlistId, Map.of()).okBody("delete " + playlistId);
    }

    /** Uploads a short generated WAV as a new track of the playlist, titled {@code title}; returns the track id. */
    public String addTrack(String playlistId, String title) {
        byte[] wav = wav(title.hashCode());
        String base = "/api/playlists/" + playlistId + "/uploads";
        String session = http.send("POST", base + "/session", Map.of("filename", "t.wav", "file_size", wav.length))
                .okBody("upload session")
                .path("data")
                .path("session_id")
                .asText();
        http.putFile(base + "/" + session + "/chunks/0", "t.wav", wav).okBody("upload chunk");
        return http.send(
                        "POST", base + "/" + session + "/finalize", Map.of("metadata_override", Map.of("title", title)))
                .okBody("finalize upload")
                .path("data")
                .path("track")
                .path("id")
                .asText();
    }

    public void reorder(String playlistId, List<String> trackIds) {
        http.send("POST", "/api/playlists/" + playlistId + "/reorder", Map.of("track_order", trackIds))
                .okBody("reorder " + playlistId);
    }

    /** Deletes the track shown at {@code number} (1..n). */
    public void deleteTrack(String playlistId, int number) {
        http.send("DELETE", "/api/playlists/" + playlistId + "/tracks", Map.of("track_numbers", List.of(number)))
                .okBody("delete track " + number + " of " + playlistId);
    }

    public void linkTag(String tag, String playlistId) {
        http.send("POST", "/api/playlists/nfc/" + tag + "/associate/" + playlistId, Map.of())
                .okBody("link tag " + tag);
    }

    /** Every playlist the box shows, read page by page, with its tracks. */
    public Shown shown() {
        Map<String, Shown.Playlist> playlists = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        for (int page = 1; ; page++) {
            JsonNode data = http.get("/api/playlists?limit=200&page=" + page)
                    .okBody("list playlists")
                    .path("data");
            for (JsonNode summary : data.path("playlists")) {
                String id = summary.path("id").asText();
                JsonNode p =
                        http.get("/api/playlists/" + id).okBody("get " + id).path("data");
                List<Shown.Track> tracks = new ArrayList<>();
                for (JsonNode t : p.path("tracks")) {
                    tracks.add(new Shown.Track(
                            t.path("id").asText(),
                            t.path("track_number").asInt(),
                            t.path("title").asText(null)));
                }
                playlists.put(
                        id,
                        new Shown.Playlist(p.path("title").asText(null), emptyToNull(p.path("description")), tracks));
                if (!p.path("nfc_tag_id").isNull() && !p.path("nfc_tag_id").isMissingNode()) {
                    tags.put(p.path("nfc_tag_id").asText(), id);
                }
            }
            if (page >= data.path("total_pages").asInt(1)) {
                return new Shown(playlists, tags);
            }
        }
    }

    /** The box answers an empty description as "" where the model has none yet; both mean "no description". */
    private static String emptyToNull(JsonNode node) {
        return node.isNull() || node.isMissingNode() || node.asText().isEmpty() ? null : node.asText();
    }

    /** A tenth of a second of 8 kHz mono silence, its first sample {@code seed} so files differ. */
    private static byte[] wav(int seed) {
        int samples = 800;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2);
        b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1);
        b.putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        b.putShort((short) seed);
        return b.array();
    }
}
