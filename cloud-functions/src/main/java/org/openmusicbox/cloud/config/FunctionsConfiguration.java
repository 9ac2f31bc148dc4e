package org.openmusicbox.cloud.config;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.openmusicbox.cloud.device.Answered;
import org.openmusicbox.cloud.device.DeviceLink;
import org.openmusicbox.cloud.media.AudioProbe;
import org.openmusicbox.cloud.media.CompleteUpload;
import org.openmusicbox.cloud.media.MediaStore;
import org.openmusicbox.cloud.media.MediaUrls;
import org.openmusicbox.cloud.media.PresignDownload;
import org.openmusicbox.cloud.media.PresignUpload;
import org.openmusicbox.cloud.media.ProcessUpload;
import org.openmusicbox.cloud.store.ApplyLibraryChanges;
import org.openmusicbox.cloud.store.GetPlaylist;
import org.openmusicbox.cloud.store.LibraryReplica;
import org.openmusicbox.cloud.store.ListPlaylists;
import org.openmusicbox.cloud.store.PlaylistDetails;
import org.openmusicbox.cloud.store.PlaylistRef;
import org.openmusicbox.cloud.store.PlaylistStore;
import org.openmusicbox.cloud.store.TrackRegistry;
import org.openmusicbox.cloud.sync.AnswerSyncChanges;
import org.openmusicbox.cloud.sync.ApplySyncChanges;
import org.openmusicbox.cloud.sync.CloudTracks;
import org.openmusicbox.cloud.sync.EditLibrary;
import org.openmusicbox.cloud.sync.ReadSyncLog;
import org.openmusicbox.cloud.sync.SyncNow;
import org.openmusicbox.cloud.youtube.RequestYoutube;
import org.openmusicbox.cloud.youtube.YoutubeSettings;
import org.openmusicbox.cloud.youtube.YoutubeTasks;
import org.openmusicbox.cloud.youtube.ytdlp.YtDlp;
import org.openmusicbox.protocol.json.JsonCodec;
import org.openmusicbox.protocol.v1.mqtt.ChangeAcks;
import org.openmusicbox.protocol.v1.mqtt.LibraryChanges;
import org.openmusicbox.protocol.v1.mqtt.MediaAnswer;
import org.openmusicbox.protocol.v1.mqtt.MediaRequest;
import org.openmusicbox.protocol.v1.mqtt.SyncBatches;
import org.openmusicbox.protocol.v1.mqtt.SyncLog;
import org.openmusicbox.protocol.v1.mqtt.SyncPull;
import org.openmusicbox.protocol.v1.mqtt.TopicKind;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import reactor.core.publisher.Mono;

/**
 * One {@code java.util.function.Function} bean per handler; the bean name is the function's name over HTTP
 * ({@code POST /applyLibraryChanges}) and in {@code spring.cloud.function.definition} on Lambda. The
 * {@code answer...} functions are for callers that drop a function's result (an IoT topic rule invoking a Lambda
 * function): they also send the answer to the device, on the topic the MQTT binding would.
 */
// Not in the relay (profile relay, org.openmusicbox.cloud.relay), which runs no function.
@Profile("!relay")
@Configuration(proxyBeanMethods = false)
public class FunctionsConfiguration {

    @Bean
    ApplyLibraryChanges applyLibraryChanges(PlaylistStore store) {
        return new ApplyLibraryChanges(store);
    }

    /** {@code library/changes} from an IoT rule: the acks also go to the device's {@code library/acks}. */
    @Bean
    Function<LibraryChanges, Mono<ChangeAcks>> answerLibraryChanges(
            ApplyLibraryChanges applyLibraryChanges, DeviceLink devices) {
        return new Answered<>(
                TopicKind.LIBRARY_CHANGES,
                LibraryChanges::deviceId,
                applyLibraryChanges,
                TopicKind.LIBRARY_ACKS,
                devices);
    }

    @Bean
    ListPlaylists listPlaylists(PlaylistStore store) {
        return new ListPlaylists(store);
    }

    /** {@link GetPlaylist}, with "no such playlist" as an error (a 404 over HTTP) rather than an empty answer. */
    @Bean
    Function<PlaylistRef, Mono<PlaylistDetails>> getPlaylist(PlaylistStore store) {
        GetPlaylist handler = new GetPlaylist(store);
        return ref -> handler.apply(ref)
                .switchIfEmpty(Mono.error(() -> new NoSuchElementException(
                        "Device " + ref.deviceId() + " has no playlist " + ref.playlistId())));
    }

    /** {@code sync/pull} over MQTT, and {@code POST /readSyncLog} for a client that reads a box's log itself. */
    @Bean
    ReadSyncLog readSyncLog(LibraryReplica replica, JsonCodec codec) {
        return new ReadSyncLog(replica, new SyncBatches(codec));
    }

    /** {@code sync/pull} from an IoT rule: the page also goes to the device's {@code sync/log}. */
    @Bean
    Function<SyncPull, Mono<SyncLog>> answerSyncPull(ReadSyncLog readSyncLog, DeviceLink devices) {
        return new Answered<>(TopicKind.SYNC_PULL, SyncPull::deviceId, readSyncLog, TopicKind.SYNC_LOG, devices);
    }

    /**
     * {@code sync/changes} from an IoT rule, bytes as the box published them (the MQTT binding routes the topic
     * itself): read change by change, the results on the device's {@code sync/acks}.
     */
    @Bean
    Function<byte[], Mono<Integer>> answerSyncChanges(LibraryReplica replica, DeviceLink devices, JsonCodec codec) {
        return new AnswerSyncChanges(new ApplySyncChanges(replica, devices, new SyncBatches(codec)), devices, codec);
    }

    @Bean
    SyncNow syncNow(DeviceLink devices, SyncProperties sync) {
        return new SyncNow(devices, sync.syncNowWindow());
    }

    /** A parent's edit through the cloud: {@code POST /editLibrary}, then {@code sync_now} to the box. */
    @Bean
    EditLibrary editLibrary(LibraryReplica replica, SyncNow syncNow, JsonCodec codec) {
        return new EditLibrary(replica, syncNow, codec);
    }

    @Bean
    CloudTracks cloudTracks(LibraryReplica replica, SyncNow syncNow) {
        return new CloudTracks(replica, syncNow);
    }

    /**
     * Tracks added in the cloud go into the box's replica (what syncs to the box), then into the playlist store
     * that {@code listPlaylists} and {@code getPlaylist} still read. Both are idempotent by track id, so a retry
     * after the second failed writes nothing twice.
     */
    @Bean
    TrackRegistry trackRegistry(CloudTracks cloudTracks, PlaylistStore store) {
        return (deviceId, playlistId, track) -> cloudTracks
                .register(deviceId, playlistId, track)
                .flatMap(registered -> store.registerTrack(deviceId, playlistId, track));
    }

    @Bean
    ProcessUpload processUpload(
            MediaStore media, AudioProbe probe, TrackRegistry tracks, DeviceLink devices, MediaProperties properties) {
        return new ProcessUpload(media, probe, tracks, devices, properties.maxUploadBytes());
    }

    @Bean
    PresignUpload presignUpload(MediaStore media, MediaProperties properties) {
        return new PresignUpload(media, properties.maxUploadBytes(), Duration.ofMinutes(properties.presignMinutes()));
    }

    @Bean
    CompleteUpload completeUpload(MediaStore media) {
        return new CompleteUpload(media);
    }

    @Bean
    PresignDownload presignDownload(MediaStore media, MediaProperties properties) {
        return new PresignDownload(media, Duration.ofMinutes(properties.presignMinutes()));
    }

    /** {@code media/requests} over MQTT: presigned URLs of content-addressed files for a box. */
    @Bean
    MediaUrls mediaUrls(MediaStore media, MediaProperties properties) {
        return new MediaUrls(media, properties.maxUploadBytes(), Duration.ofMinutes(properties.presignMinutes()));
    }

    /** {@code media/requests} from an IoT rule: the answer also goes to the device's {@code media/urls}. */
    @Bean
    Function<MediaRequest, Mono<MediaAnswer>> answerMediaRequest(MediaUrls mediaUrls, DeviceLink devices) {
        return new Answered<>(
                TopicKind.MEDIA_REQUESTS, MediaRequest::deviceId, mediaUrls, TopicKind.MEDIA_URLS, devices);
    }

    @Bean(destroyMethod = "close")
    RequestYoutube requestYoutube(
            YoutubeProperties properties,
            MediaStore media,
            TrackRegistry tracks,
            YoutubeTasks youtubeTasks,
            DeviceLink devices) {
        YoutubeSettings settings = properties.settings();
        return new RequestYoutube(
                settings, new YtDlp(settings.ytDlp(), settings.ffmpeg()), media, tracks, youtubeTasks, devices);
    }
}
