package org.openmusicbox.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmusicbox.edge.access.Budgets;
import org.openmusicbox.edge.access.Throttle;
import org.openmusicbox.edge.api.http.Bodies;
import org.openmusicbox.edge.api.http.ButtonSimulatorRoutes;
import org.openmusicbox.edge.api.http.CanonicalPath;
import org.openmusicbox.edge.api.http.CoverRoutes;
import org.openmusicbox.edge.api.http.HttpOperations;
import org.openmusicbox.edge.api.http.HttpServer;
import org.openmusicbox.edge.api.http.NfcRoutes;
import org.openmusicbox.edge.api.http.NfcSimulatorRoutes;
import org.openmusicbox.edge.api.http.OriginCheck;
import org.openmusicbox.edge.api.http.PageRoutes;
import org.openmusicbox.edge.api.http.ParentGate;
import org.openmusicbox.edge.api.http.PlayerRoutes;
import org.openmusicbox.edge.api.http.PlaylistRoutes;
import org.openmusicbox.edge.api.http.RemoteRoutes;
import org.openmusicbox.edge.api.http.Replies;
import org.openmusicbox.edge.api.http.RequestBudget;
import org.openmusicbox.edge.api.http.Routes;
import org.openmusicbox.edge.api.http.SetupRoutes;
import org.openmusicbox.edge.api.http.SystemRoutes;
import org.openmusicbox.edge.api.http.TagNameRoutes;
import org.openmusicbox.edge.api.http.UploadRoutes;
import org.openmusicbox.edge.api.http.YoutubeRoutes;
import org.openmusicbox.edge.box.TagNaming;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.controls.ButtonHand;
import org.openmusicbox.edge.nfc.TagHand;
import org.openmusicbox.edge.upload.CardFiles;
import org.openmusicbox.edge.upload.Sessions;
import org.openmusicbox.edge.upload.SongFacts;
import org.openmusicbox.edge.upload.UploadEvents;
import org.openmusicbox.edge.upload.Uploads;
import org.openmusicbox.edge.upload.jaudiotagger.JaudiotaggerTags;
import org.openmusicbox.edge.upload.sqlite.SqliteSessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * The HTTP endpoint put together: the routes of every room, the uploads (which only HTTP reaches), the
 * parents' page, and the filters every request passes before a route sees it.
 */
final class HttpEndpoint {

    // These lines belong to the agent's start-up, and read so in the log.
    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

    private HttpEndpoint() {}

    /**
     * Builds the routes and starts the HTTP server on them; the Socket.IO server, already listening,
     * is told the port the parents' page is served on.
     */
    static HttpServer open(Parts parts) {
        EdgeConfig config = parts.config();
        Replies replies = new Replies(parts.codec());
        // A child hammering play on a phone, not a parent, meets this; the box's buttons never do.
        ParentGate gate = new ParentGate(
                parts.access(),
                config.auth().readOpen(),
                new Throttle(config.player().controlsPerMinute(), 60_000, parts.clock()),
                replies);
        Routes routes = new Routes(replies, gate);
        HttpOperations httpOps =
                new HttpOperations(parts.operations(), new Bodies(parts.codec()), replies, parts.once());
        new PlaylistRoutes(parts.library(), parts.playlists(), parts.broadcaster()::currentSeq, httpOps).addTo(routes);
        new PlayerRoutes(parts.inbox(), parts.player(), parts.broadcaster()::currentSeq, httpOps).addTo(routes);
        new NfcRoutes(parts.inbox(), parts.library(), parts.playlists(), parts.linking(), parts.reader(), httpOps)
                .addTo(routes);
        Uploads uploads = uploads(parts);
        Duration abandonedAfter = Duration.ofHours(config.uploads().maxAgeHours());
        checkTheCardLater(parts, uploads, abandonedAfter);
        new UploadRoutes(uploads, httpOps, abandonedAfter).addTo(routes);
        new CoverRoutes(parts.library(), replies).addTo(routes);
        new TagNameRoutes(new TagNaming(parts.library(), parts.broadcaster()), httpOps).addTo(routes);
        new YoutubeRoutes(parts.imports(), parts.library(), httpOps).addTo(routes);
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("http_port", config.http().port());
        endpoints.put("socketio_port", parts.socket().port());
        endpoints.put("socketio_path", "/socket.io");
        java.util.function.Supplier<Map<String, Object>> accessInfo = () -> {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("mode", config.auth().mode());
            info.put("read_open", config.auth().readOpen());
            info.put("claimed", parts.access().claimed());
            return info;
        };
        new SetupRoutes(parts.claim(), parts.access(), new Bodies(parts.codec()), replies).addTo(routes);
        new RemoteRoutes(parts.access(), new Bodies(parts.codec()), replies, parts.clock()).addTo(routes);
        new SystemRoutes(
                        parts.inbox(),
                        parts.broadcaster()::currentSeq,
                        parts.box()::health,
                        replies,
                        endpoints,
                        accessInfo,
                        parts.access()::boxName,
                        parts.library().mediaDir())
                .addTo(routes);
        String webDir = config.web().dir().strip();
        if (webDir.isEmpty() && !config.web().csp().isBlank()) {
            log.warn("omb.web.csp applies to omb.web.dir only: the packaged page keeps its strict policy");
        }
        new PageRoutes(
                        webDir.isEmpty()
                                ? null
                                : Path.of(webDir).toAbsolutePath().normalize(),
                        config.web().csp(),
                        replies)
                .addTo(routes);
        if (parts.reader() instanceof TagHand hand) {
            new NfcSimulatorRoutes(hand, replies).addTo(routes);
        }
        if (parts.buttons() instanceof ButtonHand hand) {
            // Without real buttons, the web stands in for them, as for the reader above.
            new ButtonSimulatorRoutes(hand, replies).addTo(routes);
        }
        EdgeConfig.Budget budget = config.http().budget();
        RequestBudget requestBudgets = new RequestBudget(
                gate,
                new Budgets(budget.guestBurst(), budget.guestPerMinute(), budget.addresses(), parts.clock()),
                budget.guestPerMinute(),
                new Budgets(budget.parentBurst(), budget.parentPerMinute(), budget.addresses(), parts.clock()),
                replies);
        HttpServer http = new HttpServer(
                config,
                routes.build(),
                List.of(
                        requestBudgets,
                        new CanonicalPath(replies),
                        new OriginCheck(config.http().origins(), replies)),
                parts.codec(),
                parts.socket().sharedPort());
        parts.socket().pageServedOn(http.port());
        return http;
    }

    private static Uploads uploads(Parts parts) {
        EdgeConfig.Uploads limits = parts.config().uploads();
        return new Uploads(
                new Sessions(
                        new SqliteSessionStore(parts.database()),
                        new CardFiles(parts.dataDir()),
                        new Uploads.Limits(limits.maxFileBytes(), limits.maxOpenSessions(), limits.spaceMarginBytes()),
                        parts.clock()),
                parts.library(),
                new SongFacts(parts.decoder(), new JaudiotaggerTags()),
                new UploadEvents(parts.broadcaster(), parts.inbox(), parts.player()::playlistChanged),
                work -> Schedulers.boundedElastic().schedule(work));
    }

    /**
     * Off the start path: both touch every file on the SD card. The storage check first and on its own:
     * health waits for it, and a damaged upload_sessions table must not keep it from running.
     */
    private static void checkTheCardLater(Parts parts, Uploads uploads, Duration abandonedAfter) {
        Schedulers.boundedElastic().schedule(() -> {
            parts.storage().run();
            try {
                uploads.cleanup(abandonedAfter);
            } catch (RuntimeException e) {
                log.warn("Cleaning old uploads failed: {}", e.toString());
            }
        });
    }
}
