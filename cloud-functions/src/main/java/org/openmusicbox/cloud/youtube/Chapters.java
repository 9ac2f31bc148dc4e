package org.openmusicbox.cloud.youtube;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.openmusicbox.cloud.youtube.Downloader.Chapter;

/**
 * One track per chapter. Chapters come from the site's info (yt-dlp's {@code chapters}) or, when it has
 * none, from the downloaded file itself (ID3 CHAP / MP4 chapters, read by ffprobe). They are sorted,
 * clipped to the audio, their missing ends filled from the next start, and spans shorter than a second
 * dropped; fewer than two chapters left means one track for the whole file.
 */
public final class Chapters {

    /** Shorter spans are dropped: they are markers, not chapters. */
    static final double MIN_SECONDS = 1.0;

    private static final int MAX_TITLE = 200;

    private final Downloader downloader;

    public Chapters(Downloader downloader) {
        this.downloader = downloader;
    }

    /** One file of the result, {@code number} counting from 1. */
    public record Part(int number, String title, Path file) {}

    /** The chapters worth a track each, in order, or an empty list when the file stays whole. */
    public static List<Chapter> usable(List<Chapter> chapters, double durationSeconds) {
        List<Chapter> sorted = new ArrayList<>(chapters);
        sorted.sort(Comparator.comparingDouble(Chapter::startSeconds));
        List<Chapter> result = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Chapter c = sorted.get(i);
            double start = Math.max(0, c.startSeconds());
            double nextStart = i + 1 < sorted.size() ? sorted.get(i + 1).startSeconds() : durationSeconds;
            double end = c.endSeconds() > start ? Math.min(c.endSeconds(), nextStart) : nextStart;
            end = Math.min(end, durationSeconds);
            if (end - start >= MIN_SECONDS) {
                result.add(new Chapter(
                        start, end, c.title() == null ? "" : c.title().strip()));
            }
        }
        return result.size() >= 2 ? result : List.of();
    }

    /** The chapter's own title, or "{video title} (part n)" when it has none. */
    public static String title(Chapter chapter, int number, String videoTitle) {
        String own = chapter.title() == null ? "" : chapter.title().strip();
        String title = own.isEmpty() ? videoTitle + " (part " + number + ")" : own;
        return title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title;
    }

    /**
     * Splits {@code audio} into {@code folder/part-<n>.mp3}, one per chapter of {@link #usable}; when there
     * are not two usable chapters the whole file is the one part.
     */
    public List<Part> split(
            Path audio,
            List<Chapter> chapters,
            double durationSeconds,
            String videoTitle,
            Path folder,
            Cancellation cancellation,
            Instant deadline) {
        List<Chapter> usable = usable(chapters, durationSeconds);
        if (usable.isEmpty()) {
            return List.of(new Part(1, videoTitle, audio));
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            int number = i + 1;
            String title = title(usable.get(i), number, videoTitle);
            Path target = folder.resolve("part-" + number + ".mp3");
            downloader.cut(
                    audio,
                    new Chapter(usable.get(i).startSeconds(), usable.get(i).endSeconds(), title),
                    target,
                    cancellation,
                    deadline);
            parts.add(new Part(number, title, target));
        }
        return parts;
    }
}
