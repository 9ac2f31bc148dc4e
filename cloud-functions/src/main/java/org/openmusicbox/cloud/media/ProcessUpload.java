package org.openmusicbox.cloud.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.media.AudioProbe.AudioInfo;
import org.openmusicbox.cloud.media.MediaStore.ObjectInfo;
import org.openmusicbox.cloud.store.PlaylistStore;
import org.openmusicbox.cloud.store.TrackRegistry;
import org.openmusicbox.protocol.v1.mqtt.CloudTrack;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.openmusicbox.protocol.v1.mqtt.UploadReady;
import org.openmusicbox.protocol.v1.mqtt.UploadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code uploads/ready}: turns a file a device put under {@code incoming/<device_id>/...} into a track.
 *
 * <ol>
 * <li>The declared size is checked against the limit before anything is fetched.</li>
 * <li>The object's size must be the declared one. It is streamed to a temp file (never held in memory
 * whole), its sha256 computed from the file in chunks, and it is probed by its bytes ({@link AudioProbe}).</li>
 * <li>It is stored once under {@code media/<sha256>.<ext>}, with its content type and the user metadata
 * {@code title}, {@code artist}, {@code album}, {@code duration-ms}, {@code sha256}, {@code format},
 * {@code original-filename} (hyphens, not underscores: reverse proxies such as nginx drop header names with
 * underscores by default; text values cut to {@value #MAX_METADATA_CHARS} characters, as S3 allows 2 KB of
 * user metadata in all). The same bytes uploaded again reuse that object.</li>
 * <li>A receipt ({@code receipts/<device_id>/<request_id>}, the track's media fields as UTF-8 properties)
 * is written, the track registered ({@link TrackRegistry}), and the incoming object deleted.</li>
 * <li>The {@link UploadResult} is published to the device on {@code uploads/results} and returned.</li>
 * </ol>
 *
 * The same message again (QoS 1 redelivery, or a device retrying) answers the same: while the incoming
 * object exists the work is redone to the same object and track; once it is gone (also when it goes while
 * a second delivery of the message is fetching it) the receipt answers.
 * Every failure becomes an {@code error} result with an {@code error_type} and a message for a parent;
 * nothing is thrown. A refused file is left in {@code incoming/} (a bucket lifecycle rule expires it), so
 * asking again gets the same refusal.
 */
public final class ProcessUpload implements Function<UploadReady, Mono<UploadResult>> {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessUpload.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    static final int MAX_METADATA_CHARS = 80;
    private static final String RETRY_LATER =
            "The song could not be saved right now. Please try again in a few minutes.";

    private final MediaStore media;
    private final AudioProbe probe;
    private final TrackRegistry tracks;
    private final DeviceLink devices;
    private final long maxUploadBytes;
    private final Path workDir;

    /**
     * @param maxUploadBytes {@code omb.media.max-upload-bytes}
     * @param workDir where temp files go while a file is checked; null for the system temp directory
     */
    public ProcessUpload(
            MediaStore media,
            AudioProbe probe,
            TrackRegistry tracks,
            DeviceLink devices,
            long maxUploadBytes,
            Path workDir) {
        this.media = media;
        this.probe = probe;
        this.tracks = tracks;
        this.devices = devices;
        this.maxUploadBytes = maxUploadBytes;
        this.workDir = workDir;
    }

    /** Tracks registered in {@code store} alone (tests and benchmarks of the upload itself). */
    public ProcessUpload(
            MediaStore media,
            AudioProbe probe,
            PlaylistStore store,
            DeviceLink devices,
            long maxUploadBytes,
            Path workDir) {
        this(media, probe, (TrackRegistry) store::registerTrack, devices, maxUploadBytes, workDir);
    }

    public ProcessUpload(
            MediaStore media, AudioProbe probe, TrackRegistry tracks, DeviceLink devices, long maxUploadBytes) {
        this(media, probe, tracks, devices, maxUploadBytes, null);
    }

    /** Where {@link ProcessUpload} keeps the outcome of one request. */
    public static String receiptKey(String deviceId, String requestId) {
        String id = SAFE_ID.matcher(requestId).matches() && !requestId.startsWith(".")
                ? requestId
                : ContentHash.of(requestId.getBytes(StandardCharsets.UTF_8));
        return "receipts/" + deviceId + "/" + id;
    }

    /** The prefix a device's uploads go under; {@link PresignUpload} hands out keys below it. */
    public static String incomingPrefix(String deviceId) {
        return "incoming/" + deviceId + "/";
    }

    @Override
    public Mono<UploadResult> apply(UploadReady ready) {
        return Mono.defer(() -> process(ready))
                .onErrorResume(e -> Mono.just(failure(ready, e)))
                .flatMap(result -> publish(ready, result));
    }

    private Mono<UploadResult> process(UploadReady ready) {
        if (ready.declaredSize() > maxUploadBytes) {
            throw new MediaRejected(
                    MediaRejected.TOO_LARGE,
                    "This file is too big (" + megabytes(ready.declaredSize()) + "). Songs can be at most "
                            + megabytes(maxUploadBytes) + ".");
        }
        if (!ready.objectKey().startsWith(incomingPrefix(ready.deviceId()))
                || ready.objectKey().contains("..")) {
            throw new MediaRejected(MediaRejected.BAD_REQUEST, "This upload does not belong to this box.");
        }
        return media.head(ready.objectKey())
                .flatMap(incoming -> processIncoming(ready, incoming))
                .switchIfEmpty(Mono.defer(() -> answerFromReceipt(ready)));
    }

    private Mono<UploadResult> processIncoming(UploadReady ready, ObjectInfo incoming) {
        if (incoming.size() != ready.declaredSize()) {
            throw new MediaRejected(
                    MediaRejected.BAD_REQUEST,
                    "The upload is incomplete (" + incoming.size() + " of " + ready.declaredSize()
                            + " bytes arrived). Please send the file again.");
        }
        if (incoming.size() > maxUploadBytes) {
            throw new MediaRejected(
                    MediaRejected.TOO_LARGE,
                    "This file is too big. Songs can be at most " + megabytes(maxUploadBytes) + ".");
        }
        return Mono.usingWhen(
                Mono.fromCallable(this::tempFile).subscribeOn(Schedulers.boundedElastic()),
                file -> fetchAndStore(ready, incoming, file),
                file -> Mono.fromRunnable(() -> deleteQuietly(file)).subscribeOn(Schedulers.boundedElastic()));
    }

    private Mono<UploadResult> fetchAndStore(UploadReady ready, ObjectInfo incoming, Path file) {
        return media.download(ready.objectKey(), file)
                .publishOn(Schedulers.boundedElastic())
                .map(downloaded -> hashFile(downloaded, incoming.size()))
                .map(sha256 -> {
                    if (ready.sha256() != null && !ready.sha256().equals(sha256)) {
                        throw new MediaRejected(
                                MediaRejected.CHECKSUM_MISMATCH,
                                "The file was damaged on the way. Please send it again.");
                    }
                    return new Checked(sha256, probe.probe(file));
                })
                .flatMap(checked -> storeMedia(ready, checked, file, incoming.size()))
                .flatMap(track -> media.put(
                                receiptKey(ready.deviceId(), ready.requestId()),
                                receipt(track),
                                "text/plain; charset=utf-8",
                                Map.of())
                        .thenReturn(track))
                .flatMap(track -> tracks.register(ready.deviceId(), ready.playlistId(), track))
                .flatMap(stored ->
                        media.delete(ready.objectKey()).thenReturn(UploadResult.done(ready.requestId(), stored)))
                // another delivery of the same message finished first and deleted the incoming object
                .onErrorResume(MediaStore.NoSuchObject.class, e -> answerFromReceipt(ready));
    }

    private Mono<CloudTrack> storeMedia(UploadReady ready, Checked checked, Path file, long size) {
        AudioInfo info = checked.info();
        String key = CloudTrack.objectKey(checked.sha256(), info.format().extension());
        // track_number 1 stands for "not known here": the store keeps the device's position for a track it
        // knows, and a new one gets its real position from the device's own first change (version 0 < 1)
        CloudTrack track = new CloudTrack(
                ready.trackId(),
                ready.playlistId(),
                1,
                info.title() != null ? info.title() : titleFromFilename(ready.filename()),
                info.artist(),
                info.album(),
                info.durationMs(),
                key,
                checked.sha256(),
                size,
                info.format().wireName());
        Mono<Void> put = media.put(key, file, info.format().contentType(), mediaMetadata(track, ready.filename()));
        return media.head(key)
                .hasElement()
                .flatMap(exists -> exists ? Mono.<Void>empty() : put)
                .thenReturn(track);
    }

    private Mono<UploadResult> answerFromReceipt(UploadReady ready) {
        return media.open(receiptKey(ready.deviceId(), ready.requestId()))
                .publishOn(Schedulers.boundedElastic())
                .map(in -> fromReceipt(ready, in))
                .onErrorMap(
                        MediaStore.NoSuchObject.class,
                        e -> new MediaRejected(
                                MediaRejected.NOT_FOUND, "The uploaded file was not found. Please send it again."))
                .flatMap(track -> tracks.register(ready.deviceId(), ready.playlistId(), track))
                .map(stored -> UploadResult.done(ready.requestId(), stored));
    }

    private Mono<UploadResult> publish(UploadReady ready, UploadResult result) {
        return devices.publish(ready.deviceId(), TopicKind.UPLOADS_RESULTS.suffix(), result)
                .onErrorResume(e -> {
                    LOG.warn(
                            "Upload {} of device {}: the result could not be published: {}",
                            ready.requestId(),
                            ready.deviceId(),
                            e.toString());
                    return Mono.empty();
                })
                .thenReturn(result);
    }

    private static UploadResult failure(UploadReady ready, Throwable e) {
        if (e instanceof MediaRejected rejected) {
            LOG.info(
                    "Upload {} of device {} refused: {} ({})",
                    ready.requestId(),
                    ready.deviceId(),
                    rejected.errorType(),
                    rejected.getMessage());
            return UploadResult.error(
                    ready.requestId(), ready.playlistId(), rejected.errorType(), rejected.getMessage());
        }
        LOG.warn("Upload {} of device {} failed", ready.requestId(), ready.deviceId(), e);
        return UploadResult.error(ready.requestId(), ready.playlistId(), MediaRejected.INTERNAL_ERROR, RETRY_LATER);
    }

    private Path tempFile() throws IOException {
        return workDir == null
                ? Files.createTempFile("omb-upload-", ".part")
                : Files.createTempFile(workDir, "omb-upload-", ".part");
    }

    /** The sha256 of the file; the file must have {@code expectedSize} bytes. */
    private static String hashFile(Path file, long expectedSize) {
        ContentHash hash = ContentHash.of(file);
        if (hash.size() != expectedSize) {
            throw new MediaRejected(
                    MediaRejected.BAD_REQUEST,
                    "The upload is incomplete (" + hash.size() + " of " + expectedSize
                            + " bytes). Please send the file again.");
        }
        return hash.sha256();
    }

    static Map<String, String> mediaMetadata(CloudTrack track, String filename) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("title", cut(track.title()));
        putIfPresent(m, "artist", cut(track.artist()));
        putIfPresent(m, "album", cut(track.album()));
        m.put("duration-ms", Long.toString(track.durationMs()));
        m.put("sha256", track.sha256());
        m.put("format", track.format());
        m.put("original-filename", cut(baseName(filename)));
        return m;
    }

    private static String cut(String value) {
        if (value == null || value.length() <= MAX_METADATA_CHARS) {
            return value;
        }
        int end = MAX_METADATA_CHARS;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }

    private static byte[] receipt(CloudTrack track) {
        Properties p = new Properties();
        p.setProperty("title", track.title());
        if (track.artist() != null) {
            p.setProperty("artist", track.artist());
        }
        if (track.album() != null) {
            p.setProperty("album", track.album());
        }
        p.setProperty("duration-ms", Long.toString(track.durationMs()));
        p.setProperty("object-key", track.objectKey());
        p.setProperty("sha256", track.sha256());
        p.setProperty("file-size", Long.toString(track.fileSize()));
        p.setProperty("format", track.format());
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static CloudTrack fromReceipt(UploadReady ready, InputStream receipt) {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(receipt, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CloudTrack track = new CloudTrack(
                ready.trackId(),
                ready.playlistId(),
                1,
                p.getProperty("title"),
                p.getProperty("artist"),
                p.getProperty("album"),
                Long.parseLong(p.getProperty("duration-ms")),
                p.getProperty("object-key"),
                p.getProperty("sha256"),
                Long.parseLong(p.getProperty("file-size")),
                p.getProperty("format"));
        // a receipt is written only for a stored file; one without its media is damaged: nothing to register or answer
        if (!track.hasMedia()) {
            throw new IllegalArgumentException("receipt of request " + ready.requestId()
                    + ": track must carry its media (object-key, sha256, format)");
        }
        return track;
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    static String titleFromFilename(String filename) {
        String name = baseName(filename);
        int dot = name.lastIndexOf('.');
        String stem =
                (dot > 0 ? name.substring(0, dot) : name).replace('_', ' ').strip();
        return stem.isEmpty() ? "Untitled" : stem;
    }

    private static String baseName(String filename) {
        String name = filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        return name.replaceAll("\\p{Cntrl}", "");
    }

    private static String megabytes(long bytes) {
        return (bytes + 999_999) / 1_000_000 + " MB";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete temp file {}: {}", file, e.toString());
        }
    }

    private record Checked(String sha256, AudioInfo info) {}
}
