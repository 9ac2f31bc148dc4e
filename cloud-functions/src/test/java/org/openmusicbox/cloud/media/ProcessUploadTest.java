package org.openmusicbox.cloud.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.cloud.device.RecordingDeviceLink;
import org.openmusicbox.cloud.device.RecordingDeviceLink.Published;
import org.openmusicbox.cloud.media.MediaStore.ObjectInfo;
import org.openmusicbox.cloud.media.s3.S3MediaStore;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Upload processing against a real S3 server (s3proxy), with the store and the device link faked. */
class ProcessUploadTest {

    static final Duration T = Duration.ofSeconds(30);
    static final String DEVICE = "box-1";
    static final long MAX = 50_000_000;

    static TestS3 s3;
    S3MediaStore media;
    FakePlaylistStore store;
    RecordingDeviceLink devices;
    ProcessUpload process;
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = TestS3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void setUp() {
        media = s3.newStore();
        store = new FakePlaylistStore();
        devices = new RecordingDeviceLink();
        process = new ProcessUpload(media, new AudioProbe(), store, devices, MAX, work);
    }

    @Test
    void wavUploadedThroughPresignedPutBecomesATrack() throws Exception {
        byte[] wav = TestAudio.wav(1.5, 7, new TestAudio.Tags("Frère Jacques", "Les Enfants", "Comptines"));
        String key = uploadThroughPresignedPut(wav, "frere.wav", "audio/wav");

        UploadResult result =
                process.apply(ready("r1", "t1", key, "frere.wav", wav.length)).block(T);

        String sha = sha256(wav);
        assertThat(result.status()).isEqualTo(UploadResult.Status.DONE);
        CloudTrack track = result.track();
        assertThat(track.objectKey()).isEqualTo("media/" + sha + ".wav");
        assertThat(track.format()).isEqualTo("wav");
        assertThat(track.durationMs()).isEqualTo(1500);
        assertThat(track.title()).isEqualTo("Frère Jacques");
        assertThat(track.fileSize()).isEqualTo(wav.length);

        ObjectInfo stored = media.head(track.objectKey()).block(T);
        assertThat(stored.size()).isEqualTo(wav.length);
        assertThat(stored.contentType()).isEqualTo("audio/wav");
        assertThat(stored.metadata())
                .containsEntry("title", "Frère Jacques")
                .containsEntry("artist", "Les Enfants")
                .containsEntry("album", "Comptines")
                .containsEntry("duration-ms", "1500")
                .containsEntry("sha256", sha)
                .containsEntry("format", "wav")
                .containsEntry("original-filename", "frere.wav");
        assertThat(media.head(key).blockOptional(T))
                .as("incoming object deleted")
                .isEmpty();
        assertThat(store.tracks()).containsEntry(DEVICE + "/t1", track);
        assertThat(devices.published())
                .extracting(Published::deviceId, Published::topicKind, Published::message)
                .containsExactly(tuple(DEVICE, "uploads/results", result));
    }

    @Test
    void mp3UploadedThroughPresignedPutBecomesATrack() throws Exception {
        byte[] mp3 = TestAudio.mp3(2.0, 8, new TestAudio.Tags("Au clair de la lune", "Pierrot", null));
        String key = uploadThroughPresignedPut(mp3, "lune.mp3", "audio/mpeg");

        UploadResult result =
                process.apply(ready("r2", "t2", key, "lune.mp3", mp3.length)).block(T);

        assertThat(result.status()).isEqualTo(UploadResult.Status.DONE);
        assertThat(result.track().objectKey()).isEqualTo("media/" + sha256(mp3) + ".mp3");
        assertThat(result.track().artist()).isEqualTo("Pierrot");
        assertThat(result.track().album()).isNull();
        ObjectInfo stored = media.head(result.track().objectKey()).block(T);
        assertThat(stored.contentType()).isEqualTo("audio/mpeg");
        assertThat(stored.metadata())
                .containsEntry("title", "Au clair de la lune")
                .doesNotContainKey("album");
        assertThat(store.tracks()).hasSize(1);
    }

    @Test
    void untaggedFileIsTitledAfterItsName() throws Exception {
        byte[] wav = TestAudio.wav(0.5, 9, null);
        String key = put(wav);

        UploadResult result =
                process.apply(ready("r3", "t3", key, "My_Song.wav", wav.length)).block(T);

        assertThat(result.track().title()).isEqualTo("My Song");
    }

    @Test
    void textFileNamedMp3IsRefusedAndNothingIsStored() throws Exception {
        byte[] text =
                "These are not the songs you are looking for.\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        String key = put(text);

        UploadResult result =
                process.apply(ready("r4", "t4", key, "song.mp3", text.length)).block(T);

        assertError(result, "unsupported_media");
        assertThat(result.message()).contains("MP3");
        assertThat(s3.keys(media, "media/")).isEmpty();
        assertThat(store.registrations()).isZero();
        assertThat(devices.published()).extracting(Published::message).containsExactly(result);
    }

    @Test
    void hugeDeclaredSizeIsRefusedBeforeTheStoreIsAsked() {
        // No object exists under the key: had the handler looked, the answer would be not_found.
        UploadResult result = process.apply(ready("r5", "t5", incomingKey(), "big.wav", Long.MAX_VALUE))
                .block(T);

        assertError(result, "too_large");
        assertThat(result.message()).contains("50 MB");
        assertThat(devices.published()).hasSize(1);
    }

    @Test
    void missingObjectIsNotFound() {
        UploadResult result = process.apply(ready("r6", "t6", incomingKey(), "gone.wav", 1000))
                .block(T);

        assertError(result, "not_found");
        assertThat(devices.published()).hasSize(1);
    }

    @Test
    void sizeDifferentFromTheDeclaredOneIsABadRequest() {
        byte[] wav = TestAudio.wav(0.5, 10, null);
        String key = put(wav);

        UploadResult result =
                process.apply(ready("r7", "t7", key, "a.wav", wav.length + 1)).block(T);

        assertError(result, "bad_request");
        assertThat(store.registrations()).isZero();
    }

    @Test
    void declaredChecksumMustMatchTheBytes() {
        byte[] wav = TestAudio.wav(0.5, 11, null);
        String key = put(wav);
        UploadReady ready = new UploadReady("r8", DEVICE, "p1", "t8", key, "a.wav", wav.length, "0".repeat(64));

        assertError(process.apply(ready).block(T), "checksum_mismatch");
        assertThat(s3.keys(media, "media/")).isEmpty();
    }

    @Test
    void anotherDevicesUploadIsRefused() {
        byte[] wav = TestAudio.wav(0.5, 12, null);
        String key = put(wav);
        UploadReady ready = new UploadReady("r9", "box-2", "p1", "t9", key, "a.wav", wav.length, null);

        assertError(process.apply(ready).block(T), "bad_request");
        assertThat(media.head(key).blockOptional(T)).isPresent();
    }

    @Test
    void sameUploadReadyTwiceAnswersTheSameWithOneObjectAndOneTrack() {
        byte[] wav = TestAudio.wav(1.0, 13, new TestAudio.Tags("Twice", null, null));
        String key = put(wav);
        UploadReady ready = ready("r10", "t10", key, "twice.wav", wav.length);

        UploadResult first = process.apply(ready).block(T);
        UploadResult second = process.apply(ready).block(T);

        assertThat(first.status()).isEqualTo(UploadResult.Status.DONE);
        assertThat(second).isEqualTo(first);
        assertThat(s3.keys(media, "media/")).containsExactly(first.track().objectKey());
        assertThat(store.tracks()).hasSize(1);
        assertThat(devices.published()).extracting(Published::message).containsExactly(first, second);
    }

    @Test
    void secondDeliveryWhoseFileVanishesWhileItFetchesAnswersFromTheReceipt() {
        byte[] wav = TestAudio.wav(1.0, 40, null);
        UploadReady ready = ready("rc", "tc", put(wav), "c.wav", wav.length);
        Sinks.Empty<Void> firstDone = Sinks.empty();
        ProcessUpload second = new ProcessUpload(
                new DelayedDownloads(media, firstDone.asMono()), new AudioProbe(), store, devices, MAX, work);

        // the second delivery sees the incoming object, then waits to fetch it until the first one is done
        var secondResult = second.apply(ready).toFuture();
        UploadResult first = process.apply(ready).block(T);
        firstDone.tryEmitEmpty();
        UploadResult answer = Mono.fromFuture(secondResult).block(T);

        assertThat(first.status()).isEqualTo(UploadResult.Status.DONE);
        assertThat(answer).isEqualTo(first);
        assertThat(s3.keys(media, "media/")).hasSize(1);
        assertThat(store.tracks()).hasSize(1);
    }

    @Test
    void longTagsAreCutInTheObjectMetadataButNotInTheTrack() {
        String title = "Chanson très longue é".repeat(15);
        byte[] wav = TestAudio.wav(0.5, 18, new TestAudio.Tags(title, "Artiste", null));

        UploadResult result = process.apply(ready("r17", "t17", put(wav), "x".repeat(200) + ".wav", wav.length))
                .block(T);

        assertThat(result.status()).as(result.message()).isEqualTo(UploadResult.Status.DONE);
        assertThat(result.track().title()).isEqualTo(title);
        var metadata = media.head(result.track().objectKey()).block(T).metadata();
        assertThat(metadata.get("title")).isEqualTo(title.substring(0, 80));
        assertThat(metadata.get("original-filename")).hasSize(80);
    }

    @Test
    void sameBytesUploadedAsTwoTracksShareOneObject() {
        byte[] wav = TestAudio.wav(1.0, 14, null);
        UploadResult a = process.apply(ready("r11", "t11", put(wav), "a.wav", wav.length))
                .block(T);
        UploadResult b = process.apply(ready("r12", "t12", put(wav), "b.wav", wav.length))
                .block(T);

        assertThat(a.track().objectKey()).isEqualTo(b.track().objectKey());
        assertThat(s3.keys(media, "media/")).containsExactly(a.track().objectKey());
        assertThat(s3.keys(media, "incoming/")).isEmpty();
        assertThat(store.tracks()).hasSize(2);
        assertThat(media.head(a.track().objectKey()).block(T).metadata())
                .as("the first upload's name stays")
                .containsEntry("original-filename", "a.wav");
    }

    @Test
    void aBrokerThatCannotTakeTheResultDoesNotLoseIt() {
        byte[] wav = TestAudio.wav(0.5, 15, null);
        String key = put(wav);
        ProcessUpload offline =
                new ProcessUpload(media, new AudioProbe(), store, new RecordingDeviceLink().failing(), MAX, work);

        UploadResult result =
                offline.apply(ready("r13", "t13", key, "a.wav", wav.length)).block(T);

        assertThat(result.status()).isEqualTo(UploadResult.Status.DONE);
    }

    @Test
    void aFailingStoreGivesAnErrorResultNotAnException() {
        byte[] wav = TestAudio.wav(0.5, 16, null);
        String key = put(wav);
        FakePlaylistStore broken = new FakePlaylistStore().failing();
        ProcessUpload withBrokenStore = new ProcessUpload(media, new AudioProbe(), broken, devices, MAX, work);

        UploadResult result = withBrokenStore
                .apply(ready("r14", "t14", key, "a.wav", wav.length))
                .block(T);

        assertError(result, "internal_error");
        assertThat(result.message()).contains("try again");
        assertThat(media.head(key).blockOptional(T)).as("kept for the retry").isPresent();
        assertThat(broken.registrations()).isZero();
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aReceiptWithoutTheTracksMediaIsNotAnAnswer() {
        byte[] damaged = "title=Song\nduration-ms=1000\nfile-size=10\n".getBytes(StandardCharsets.UTF_8);
        media.put(ProcessUpload.receiptKey(DEVICE, "rd"), damaged, "text/plain; charset=utf-8", Map.of())
                .block(T);

        UploadResult result = process.apply(ready("rd", "td", incomingKey(), "gone.wav", 1000))
                .block(T);

        assertError(result, "internal_error");
        assertThat(store.registrations()).isZero();
    }

    @Test
    void tempFilesAreRemoved() {
        byte[] wav = TestAudio.wav(0.5, 17, null);
        process.apply(ready("r15", "t15", put(wav), "a.wav", wav.length)).block(T);
        byte[] text = "nope".repeat(100).getBytes(StandardCharsets.UTF_8);
        process.apply(ready("r16", "t16", put(text), "b.wav", text.length)).block(T);

        assertThat(work).isEmptyDirectory();
    }

    static void assertError(UploadResult result, String errorType) {
        assertThat(result.status()).isEqualTo(UploadResult.Status.ERROR);
        assertThat(result.errorType()).isEqualTo(errorType);
        assertThat(result.message()).isNotBlank();
        assertThat(result.track()).isNull();
    }

    static UploadReady ready(String requestId, String trackId, String key, String filename, long size) {
        return new UploadReady(requestId, DEVICE, "p1", trackId, key, filename, size, null);
    }

    static String incomingKey() {
        return ProcessUpload.incomingPrefix(DEVICE) + UUID.randomUUID();
    }

    private String put(byte[] bytes) {
        String key = incomingKey();
        media.put(key, bytes, "application/octet-stream", Map.of()).block(T);
        return key;
    }

    private String uploadThroughPresignedPut(byte[] bytes, String filename, String contentType) throws Exception {
        UploadUrls urls = new PresignUpload(media, MAX, Duration.ofMinutes(5))
                .apply(new UploadUrlRequest(DEVICE, filename, bytes.length, contentType))
                .block(T);
        assertThat(urls.errorType()).isNull();
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(urls.url()))
                        .header("Content-Type", urls.contentType())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return urls.objectKey();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
