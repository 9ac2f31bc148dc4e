package org.openmusicbox.cloud.youtube.ytdlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openmusicbox.cloud.youtube.Cancellation;
import org.openmusicbox.cloud.youtube.DownloadFailed;
import org.openmusicbox.cloud.youtube.DownloadFailed.Reason;
import org.openmusicbox.cloud.youtube.Downloader;
import org.openmusicbox.cloud.youtube.Limits;
import org.openmusicbox.cloud.youtube.SourceUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Downloader} over the {@code yt-dlp}, {@code ffmpeg} and {@code ffprobe} programs (Debian packages).
 *
 * <p>Audio always ends up as MP3: yt-dlp extracts it with {@code -x --audio-format mp3}, which leaves a
 * source that is already MP3 as it is (no second lossy encode) and converts anything else once. One
 * format keeps the box's player and the object keys ({@code media/<sha256>.mp3}) simple.
 *
 * <p>The info is read first ({@code -J}) and handed back to the download with {@code --load-info-json},
 * so the site is asked once and the limits are checked before any media byte moves. Progress comes from
 * {@code --newline --progress-template}, one machine-readable line per update.
 */
public final class YtDlp implements Downloader {

    private static final Logger LOG = LoggerFactory.getLogger(YtDlp.class);
    private static final String PROGRESS_MARK = "omb-progress";
    private static final String PROGRESS_TEMPLATE = "download:" + PROGRESS_MARK
            + " %(progress.status)s %(progress.downloaded_bytes)s %(progress.total_bytes)s"
            + " %(progress.total_bytes_estimate)s %(progress.eta)s";

    private final String ytDlp;
    private final String ffmpeg;
    private final String ffprobe;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param ytDlp  the yt-dlp program: a path, or a name looked up on PATH
     * @param ffmpeg the ffmpeg program: a path, or a name looked up on PATH; ffprobe is expected beside it
     */
    public YtDlp(String ytDlp, String ffmpeg) {
        this.ytDlp = resolve(ytDlp);
        this.ffmpeg = resolve(ffmpeg);
        Path ffmpegPath = Path.of(this.ffmpeg);
        Path sibling =
                ffmpegPath.resolveSibling(ffmpegPath.getFileName().toString().replace("ffmpeg", "ffprobe"));
        this.ffprobe =
                ffmpegPath.getParent() != null && Files.isExecutable(sibling) ? sibling.toString() : resolve("ffprobe");
    }

    @Override
    public VideoInfo describe(SourceUrl url, Cancellation cancellation, Instant deadline) {
        List<String> command = new ArrayList<>(List.of(
                ytDlp, "-J", "--no-playlist", "--no-warnings", "--no-progress", "--ignore-config", "--", url.value()));
        ProcessRunner.Result result = ProcessRunner.run(command, null, null, cancellation, deadline);
        if (result.exitCode() != 0
                || result.stdout().isBlank()
                || result.stdout().strip().equals("null")) {
            throw failure(result.stderr(), "Could not read the link");
        }
        try {
            return InfoJson.read(json.readTree(result.stdout()), result.stdout());
        } catch (IOException e) {
            throw new DownloadFailed(Reason.FAILED, "Could not read the link", e.getMessage(), e);
        }
    }

    @Override
    public Path download(
            VideoInfo info,
            Path folder,
            long maxBytes,
            ProgressListener progress,
            Cancellation cancellation,
            Instant deadline) {
        Path infoFile = folder.resolve("info.json");
        try {
            Files.writeString(infoFile, info.infoJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                ytDlp,
                "--ignore-config",
                "--no-playlist",
                "--load-info-json",
                infoFile.toString(),
                "-x",
                "--audio-format",
                "mp3",
                "--audio-quality",
                "2",
                "--ffmpeg-location",
                ffmpeg,
                "--max-filesize",
                Long.toString(maxBytes),
                "--newline",
                "--progress",
                "--progress-template",
                PROGRESS_TEMPLATE,
                "--no-part",
                "--no-mtime",
                "--no-cache-dir",
                "-P",
                folder.toString(),
                "-o",
                "audio.%(ext)s"));
        Cancellation local = new Cancellation();
        AtomicBoolean tooLarge = new AtomicBoolean();
        StringBuilder notes = new StringBuilder();
        try (AutoCloseable link = cancellation.onCancel(local::cancel)) {
            ProcessRunner.Result result = ProcessRunner.run(
                    command,
                    folder,
                    line -> {
                        if (line.startsWith(PROGRESS_MARK)) {
                            Progress p = parseProgress(line);
                            if (p == null) {
                                return;
                            }
                            if (p.downloadedBytes() > maxBytes) {
                                tooLarge.set(true);
                                local.cancel();
                                return;
                            }
                            try {
                                progress.onProgress(p);
                            } catch (RuntimeException e) {
                                LOG.warn("progress listener failed", e);
                            }
                        } else if (line.contains("max-filesize")) {
                            tooLarge.set(true);
                        } else if (notes.length() < 4000) {
                            notes.append(line).append('\n');
                        }
                    },
                    local,
                    deadline);
            if (tooLarge.get()) {
                throw tooLarge(maxBytes);
            }
            if (result.exitCode() != 0) {
                throw failure(result.stderr(), "The download failed");
            }
        } catch (DownloadFailed e) {
            if (tooLarge.get() && e.reason() == Reason.CANCELLED && !cancellation.isCancelled()) {
                throw tooLarge(maxBytes);
            }
            throw e;
        } catch (Exception e) {
            throw new DownloadFailed(Reason.FAILED, "The download failed", e.toString(), e);
        }
        Path audio = folder.resolve("audio.mp3");
        if (!Files.isRegularFile(audio)) {
            throw new DownloadFailed(
                    Reason.NOT_AUDIO, "The link does not lead to audio or video", notes.toString(), null);
        }
        return audio;
    }

    @Override
    public AudioFacts inspect(Path audio, Cancellation cancellation, Instant deadline) {
        List<String> command = List.of(
                ffprobe,
                "-v",
                "error",
                "-show_entries",
                "format=duration:stream=codec_type:chapter=start_time,end_time:chapter_tags=title",
                "-of",
                "json",
                "--",
                audio.toString());
        ProcessRunner.Result result = ProcessRunner.run(command, null, null, cancellation, deadline);
        if (result.exitCode() != 0) {
            throw new DownloadFailed(
                    Reason.NOT_AUDIO, "The link does not lead to audio or video", result.stderr(), null);
        }
        try {
            JsonNode root = json.readTree(result.stdout());
            boolean hasAudio = false;
            for (JsonNode stream : root.path("streams")) {
                hasAudio |= "audio".equals(stream.path("codec_type").asText());
            }
            double duration = root.path("format").path("duration").asDouble(Double.NaN);
            if (!hasAudio || Double.isNaN(duration)) {
                throw new DownloadFailed(Reason.NOT_AUDIO, "The link does not lead to audio or video");
            }
            List<Chapter> chapters = new ArrayList<>();
            for (JsonNode c : root.path("chapters")) {
                chapters.add(new Chapter(
                        c.path("start_time").asDouble(),
                        c.path("end_time").asDouble(),
                        c.path("tags").path("title").asText("")));
            }
            return new AudioFacts(duration, chapters);
        } catch (IOException e) {
            throw new DownloadFailed(Reason.FAILED, "Could not read the downloaded audio", e.getMessage(), e);
        }
    }

    @Override
    public void cut(Path audio, Chapter chapter, Path target, Cancellation cancellation, Instant deadline) {
        List<String> command = List.of(
                ffmpeg,
                "-nostdin",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-i",
                audio.toString(),
                "-ss",
                seconds(chapter.startSeconds()),
                "-to",
                seconds(chapter.endSeconds()),
                "-map",
                "0:a",
                "-c",
                "copy",
                "-map_chapters",
                "-1",
                "-map_metadata",
                "0",
                "-metadata",
                "title=" + chapter.title(),
                "-metadata",
                "track=",
                target.toString());
        ProcessRunner.Result result = ProcessRunner.run(command, null, null, cancellation, deadline);
        if (result.exitCode() != 0 || !Files.isRegularFile(target)) {
            throw new DownloadFailed(Reason.FAILED, "Could not split the chapters", result.stderr(), null);
        }
    }

    /** Parses {@code omb-progress <status> <downloaded> <total> <estimate> <eta>}; "NA" marks a missing number. */
    static Progress parseProgress(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 6) {
            return null;
        }
        Long downloaded = number(parts[2]);
        Long total = number(parts[3]);
        if (total == null) {
            total = number(parts[4]);
        }
        Long eta = number(parts[5]);
        if (downloaded == null) {
            return null;
        }
        double percent = total != null && total > 0 ? Math.min(100.0, 100.0 * downloaded / total) : 0.0;
        if ("finished".equals(parts[1])) {
            percent = 100.0;
            eta = 0L;
        }
        return new Progress(percent, eta, downloaded, total);
    }

    private static Long number(String text) {
        try {
            return (long) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static DownloadFailed tooLarge(long maxBytes) {
        return new DownloadFailed(Reason.TOO_LARGE, "Larger than the " + Limits.size(maxBytes) + " limit");
    }

    /** Turns yt-dlp's error output into a message a parent understands; the raw text stays in the detail. */
    static DownloadFailed failure(String stderr, String fallback) {
        String text = stderr == null ? "" : stderr;
        String lower = text.toLowerCase(Locale.ROOT);
        String error = text.lines()
                .filter(l -> l.startsWith("ERROR:"))
                .reduce((a, b) -> b)
                .orElse(text.strip());
        if (lower.contains("video unavailable")
                || lower.contains("is unavailable")
                || lower.contains("private video")
                || lower.contains("has been removed")
                || lower.contains("http error 404")
                || lower.contains("http error 410")
                || lower.contains("not available")
                || lower.contains("does not exist")) {
            return new DownloadFailed(Reason.UNAVAILABLE, "This video is unavailable", error, null);
        }
        if (lower.contains("sign in to confirm your age") || lower.contains("age-restricted")) {
            return new DownloadFailed(
                    Reason.UNAVAILABLE, "This video is age-restricted and cannot be downloaded", error, null);
        }
        if (lower.contains("unsupported url")) {
            return new DownloadFailed(Reason.NOT_AUDIO, "The link does not lead to audio or video", error, null);
        }
        if (lower.contains("http error 403") || lower.contains("http error 401")) {
            return new DownloadFailed(Reason.UNAVAILABLE, "The site refused the download", error, null);
        }
        if (lower.contains("unable to download")
                || lower.contains("urlopen error")
                || lower.contains("timed out")
                || lower.contains("connection refused")
                || lower.contains("name or service not known")) {
            return new DownloadFailed(Reason.FAILED, "Could not reach the site", error, null);
        }
        return new DownloadFailed(Reason.FAILED, fallback, error, null);
    }

    /** A program name without a slash is looked up on PATH; yt-dlp's {@code --ffmpeg-location} needs a real path. */
    static String resolve(String program) {
        if (program.contains(File.separator)) {
            return program;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return program;
    }
}
