package org.openmusicbox.cloud.youtube.ytdlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.openmusicbox.cloud.youtube.Downloader.Chapter;
import org.openmusicbox.cloud.youtube.Downloader.VideoInfo;

/** Reads the fields we use from yt-dlp's {@code -J} output (its info dict). */
final class InfoJson {

    private InfoJson() {}

    static VideoInfo read(JsonNode root, String raw) {
        List<Chapter> chapters = new ArrayList<>();
        for (JsonNode c : root.path("chapters")) {
            chapters.add(new Chapter(
                    c.path("start_time").asDouble(0),
                    c.path("end_time").asDouble(0),
                    c.path("title").asText("")));
        }
        return new VideoInfo(
                text(root, "id"),
                text(root, "title"),
                firstText(root, "artist", "uploader", "channel"),
                number(root.get("duration")),
                size(root),
                chapters,
                text(root, "webpage_url"),
                raw);
    }

    /** The size of what will be downloaded: the chosen download's, else the whole info's, exact or approximate. */
    private static Long size(JsonNode root) {
        for (JsonNode download : root.path("requested_downloads")) {
            Long size = exactOrApprox(download);
            if (size != null) {
                return size;
            }
        }
        return exactOrApprox(root);
    }

    private static Long exactOrApprox(JsonNode node) {
        Double exact = number(node.get("filesize"));
        if (exact != null) {
            return exact.longValue();
        }
        Double approx = number(node.get("filesize_approx"));
        return approx == null ? null : approx.longValue();
    }

    private static Double number(JsonNode node) {
        return node != null && node.isNumber() ? node.asDouble() : null;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String firstText(JsonNode root, String... fields) {
        for (String field : fields) {
            String value = text(root, field);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
