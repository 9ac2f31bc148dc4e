package org.openmusicbox.cloud.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;

/** A store that cannot be reached is an {@code internal_error} answer, never an exception out of the handler. */
class MediaUrlsTest {

    private static final Duration T = Duration.ofSeconds(60);
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    // Port 9 (discard) refuses connections on loopback: every call to this store fails.
    private static S3MediaStore unreachable;

    @BeforeAll
    static void create() {
        unreachable = S3MediaStore.create(
                "omb-media", TestS3.REGION, "http://127.0.0.1:9", TestS3.ACCESS_KEY, TestS3.SECRET_KEY);
    }

    @AfterAll
    static void close() {
        unreachable.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {MediaRequest.PUT, MediaRequest.STORED, MediaRequest.GET})
    void aStoreThatFailsIsAnInternalError(String action) {
        MediaUrls handler = new MediaUrls(unreachable, 1_000, Duration.ofMinutes(5));
        long size = MediaRequest.GET.equals(action) ? 0 : 10;

        MediaAnswer answer = handler.apply(new MediaRequest("box-1", "r-" + action, action, SHA, "mp3", size))
                .block(T);

        assertThat(answer.requestId()).isEqualTo("r-" + action);
        assertThat(answer.status()).isEqualTo(MediaAnswer.ERROR);
        assertThat(answer.errorType()).isEqualTo(MediaAnswer.INTERNAL_ERROR);
        assertThat(answer.objectKey()).isEqualTo("media/" + SHA + ".mp3");
    }
}
