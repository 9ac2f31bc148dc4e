package org.openmusicbox.cloud.youtube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.cloud.youtube.Downloader.Chapter;

/**
 * The chapter rules on chapters as yt-dlp reports them for a site that has them (YouTube's info dict):
 * yt-dlp's generic extractor, which the end-to-end tests use, never reports chapters, so the
 * end-to-end chapter test uses chapters embedded in the file instead (see YoutubeDownloadTest).
 */
class ChaptersTest {

    @Test
    void keepsChaptersInOrderClippedToTheAudioAndFillsMissingEnds() {
        List<Chapter> usable = Chapters.usable(
                List.of(new Chapter(60, 0, "Second"), new Chapter(0, 60, " First "), new Chapter(120, 400, "Third")),
                300);

        assertThat(usable)
                .containsExactly(
                        new Chapter(0, 60, "First"), new Chapter(60, 120, "Second"), new Chapter(120, 300, "Third"));
    }

    @Test
    void dropsMarkersShorterThanASecondAndKeepsOneTrackWhenFewerThanTwoChaptersAreLeft() {
        assertThat(Chapters.usable(List.of(new Chapter(0, 0.5, "Intro"), new Chapter(0.5, 100, "All")), 100))
                .isEmpty();
        assertThat(Chapters.usable(List.of(new Chapter(0, 100, "Only")), 100)).isEmpty();
        assertThat(Chapters.usable(List.of(), 100)).isEmpty();
    }

    @Test
    void namesAnUntitledChapterAfterTheVideo() {
        assertThat(Chapters.title(new Chapter(0, 10, " "), 2, "Bedtime stories"))
                .isEqualTo("Bedtime stories (part 2)");
        assertThat(Chapters.title(new Chapter(0, 10, "The fox"), 1, "Bedtime stories"))
                .isEqualTo("The fox");
    }
}
