package org.openmusicbox.cloud.youtube.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.youtube.DownloadFailed;
import org.openmusicbox.cloud.youtube.Downloader;

/** yt-dlp's output read back: recorded progress lines, error messages and an info dict with chapters. */
class YtDlpTest {

    /** Trimmed from {@code yt-dlp -J} of a YouTube video with chapters (fields we do not read left out). */
    private static final String INFO_WITH_CHAPTERS = """
            {"id": "dQw4w9WgXcQ", "title": "Three bedtime stories", "uploader": "Story Time",
             "duration": 1260, "webpage_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
             "chapters": [
               {"start_time": 0.0, "title": "The fox", "end_time": 400.0},
               {"start_time": 400.0, "title": "The owl", "end_time": 830.0},
               {"start_time": 830.0, "title": "The bear", "end_time": 1260}],
             "requested_downloads": [{"format_id": "251", "filesize": 20381552, "ext": "webm"}]}
            """;

    @Test
    void readsTitleDurationSizeAndChaptersFromTheInfo() throws Exception {
        Downloader.VideoInfo info = InfoJson.read(new ObjectMapper().readTree(INFO_WITH_CHAPTERS), INFO_WITH_CHAPTERS);

        assertThat(info.title()).isEqualTo("Three bedtime stories");
        assertThat(info.uploader()).isEqualTo("Story Time");
        assertThat(info.durationSeconds()).isEqualTo(1260.0);
        assertThat(info.sizeBytes()).isEqualTo(20_381_552L);
        assertThat(info.chapters())
                .containsExactly(
                        new Downloader.Chapter(0, 400, "The fox"),
                        new Downloader.Chapter(400, 830, "The owl"),
                        new Downloader.Chapter(830, 1260, "The bear"));
    }

    @Test
    void readsProgressLinesWithAndWithoutKnownSizes() {
        assertThat(YtDlp.parseProgress("omb-progress downloading 15360 48668 NA 3"))
                .satisfies(p -> {
                    assertThat(p.percent()).isCloseTo(31.56, org.assertj.core.data.Offset.offset(0.01));
                    assertThat(p.etaSeconds()).isEqualTo(3L);
                });
        assertThat(YtDlp.parseProgress("omb-progress downloading 1024 NA 4096.0 NA")
                        .percent())
                .isEqualTo(25.0);
        assertThat(YtDlp.parseProgress("omb-progress downloading 1024 NA NA NA").percent())
                .isZero();
        assertThat(YtDlp.parseProgress("omb-progress finished 48668 48668 NA NA")
                        .percent())
                .isEqualTo(100.0);
        assertThat(YtDlp.parseProgress("omb-progress downloading NA NA NA NA")).isNull();
    }

    @Test
    void turnsYtDlpErrorsIntoMessagesAParentUnderstands() {
        assertThat(YtDlp.failure("ERROR: [youtube] abc: Video unavailable. This video has been removed", "x"))
                .extracting(DownloadFailed::getMessage, DownloadFailed::reason)
                .containsExactly("This video is unavailable", DownloadFailed.Reason.UNAVAILABLE);
        assertThat(YtDlp.failure(
                                "WARNING: x\nERROR: [generic] None: Unable to download webpage: HTTP Error 404: "
                                        + "File not found",
                                "x")
                        .getMessage())
                .isEqualTo("This video is unavailable");
        assertThat(YtDlp.failure("ERROR: Unsupported URL: http://127.0.0.1/page.html", "x"))
                .extracting(DownloadFailed::getMessage, DownloadFailed::reason)
                .containsExactly("The link does not lead to audio or video", DownloadFailed.Reason.NOT_AUDIO);
        assertThat(YtDlp.failure("ERROR: [youtube] abc: Sign in to confirm your age", "x")
                        .getMessage())
                .isEqualTo("This video is age-restricted and cannot be downloaded");
        assertThat(YtDlp.failure("ERROR: something new", "The download failed").detail())
                .isEqualTo("ERROR: something new");
    }
}
