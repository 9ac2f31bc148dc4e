package org.openmusicbox.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.Budgets;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.RefusalLog;
import org.openmusicbox.edge.access.Throttle;
import org.openmusicbox.edge.access.sqlite.SqliteTokenStore;
import org.openmusicbox.edge.api.http.Bodies;
import org.openmusicbox.edge.api.http.HttpOperations;
import org.openmusicbox.edge.api.http.CanonicalPath;
import org.openmusicbox.edge.api.http.NfcRoutes;
import org.openmusicbox.edge.api.http.OriginCheck;
import org.openmusicbox.edge.api.http.RequestBudget;
import org.openmusicbox.edge.api.http.ParentGate;
import org.openmusicbox.edge.api.http.PlayerRoutes;
import org.openmusicbox.edge.api.http.HttpServer;
import org.openmusicbox.edge.api.http.NfcSimulatorRoutes;
import org.openmusicbox.edge.api.http.PageRoutes;
import org.openmusicbox.edge.api.http.PlaylistRoutes;
import org.openmusicbox.edge.api.http.Replies;
import org.openmusicbox.edge.api.http.Routes;
import org.openmusicbox.edge.api.http.SystemRoutes;
import org.openmusicbox.edge.api.http.UploadRoutes;
import org.openmusicbox.edge.api.socketio.EventBudgets;
import org.openmusicbox.edge.api.socketio.HealthEvents;
import org.openmusicbox.edge.api.socketio.NfcLinkEvents;
import org.openmusicbox.edge.api.socketio.PlayerEvents;
import org.openmusicbox.edge.api.socketio.SocketAccess;
import org.openmusicbox.edge.api.socketio.SocketEvents;
import org.openmusicbox.edge.api.socketio.SocketOperations;
import org.openmusicbox.edge.api.socketio.SocketServer;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.Deck;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.audio.Outputs;
import org.openmusicbox.edge.audio.lavaplayer.LavaDecoder;
import org.openmusicbox.edge.box.Box;
import org.openmusicbox.edge.box.ButtonPlay;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.box.Player;
import org.openmusicbox.edge.box.Playlists;
import org.openmusicbox.edge.box.TagLinking;
import org.openmusicbox.edge.box.TagPlay;
import org.openmusicbox.edge.box.sqlite.SqlitePlayerMemory;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.controls.Controls;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.edge.events.Sequencer;
import org.openmusicbox.edge.events.sqlite.SqliteSequenceStore;
import org.openmusicbox.edge.library.StorageCheck;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.nfc.Readers;
import org.openmusicbox.edge.nfc.TagHand;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.upload.CardFiles;
import org.openmusicbox.edge.upload.Sessions;
import org.openmusicbox.edge.upload.SongFacts;
import org.openmusicbox.edge.upload.UploadEvents;
import org.openmusicbox.edge.upload.Uploads;
import org.openmusicbox.edge.upload.jaudiotagger.JaudiotaggerTags;
import org.openmusicbox.edge.upload.sqlite.SqliteSessionStore;
import org.openmusicbox.protocol.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * The edge agent's composition root: the one place that builds and wires every capability. A
 * plain {@code main()} without a framework container keeps start-up and memory small on the Pi.
 */
public final class EdgeAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

    /** Lines about refused Socket.IO connections a minute; the rest are counted in one line. */
    private static final int REFUSALS_LOGGED_PER_MINUTE = 20;

    private final Database database;
    private final Inbox inbox;
    private final SocketServer socket;
    private final HttpServer http;
    private final TagReader reader;
    private final Buttons buttons;
    private final AudioOutput audio;
    private final Decoder decoder;
    private final Player player;

    private EdgeAgent(Database database, Inbox inbox, SocketServer socket, HttpServer http, TagReader reader,
                      Buttons buttons, AudioOutput audio, Decoder decoder, Player player) {
        this.buttons = buttons;
        this.database = database;
        this.inbox = inbox;
        this.socket = socket;
        this.http = http;
        this.reader = reader;
        this.audio = audio;
        this.decoder = decoder;
        this.player = player;
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        EdgeAgent agent;
        try {
            EdgeConfig config = ConfigLoader.load(configFile(args), System.getenv(), systemProperties());
            agent = start(config);
        } catch (RuntimeException | Error e) {
            log.error("The edge agent could not start: {}", e.getMessage(), e);
            // Netty threads would otherwise keep a half-started process alive.
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
        log.info("Ready in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** Builds and starts everything; on failure, whatever was started is closed again. */
    public static EdgeAgent start(EdgeConfig config) {
        return start(config, Outputs::open);
    }

    /**
     * As {@link #start(EdgeConfig)}, with the audio output chosen by {@code outputs} from the
     * configured name: benchmarks and tests put a measuring output in place of the sound card.
     */
    public static EdgeAgent start(EdgeConfig config, java.util.function.Function<String, AudioOutput> outputs) {
        LongSupplier clock = System::currentTimeMillis;
        JsonCodec codec = new JsonCodec();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Database database = Database.open(dataDir);
        Inbox inbox = new Inbox();
        SocketServer socket = null;
        AudioOutput audio = null;
        Buttons buttons = null;
        TagReader reader = null;
        Decoder decoder = null;
        Player player = null;
        try {
            Sequencer sequencer = new Sequencer(new SqliteSequenceStore(database));
            History history = new History(config.sync().historySize(), sequencer.floor());
            socket = new SocketServer(config, codec);
            Broadcaster broadcaster = new Broadcaster(sequencer, history, socket, clock, codec);
            SqliteLibrary library = new SqliteLibrary(database);
            audio = outputs.apply(config.audio().output());
            decoder = new LavaDecoder();
            Decoder deckDecoder = decoder;
            AudioOutput deckOutput = audio;
            player = new Player(library, broadcaster, inbox, new SqlitePlayerMemory(database), clock,
                    listener -> new Deck(deckDecoder, deckOutput, listener));
            reader = Readers.open(config.nfc());
            buttons = Controls.open(config.controls());
            StorageCheck storage = new StorageCheck(library, database::quickCheck);
            Box box = new Box(library, storage, audio, reader, buttons, socket::started);
            Operations operations = new Operations(inbox, broadcaster, clock);
            Player playerForChanges = player;
            Playlists playlists = new Playlists(library, broadcaster, playerForChanges::playlistChanged);
            TagLinking linking = new TagLinking(library, playlists, broadcaster, inbox, clock);
            reader.start(new TagPlay(inbox, library, linking, player));
            buttons.start(new ButtonPlay(operations, player));

            ParentAccess access = config.auth().mode().equals("off") ? ParentAccess.off()
                    : ParentAccess.open(config.auth().token(), new SqliteTokenStore(database), clock);
            RefusalLog socketRefusals = new RefusalLog(LoggerFactory.getLogger(SocketAccess.class),
                    REFUSALS_LOGGED_PER_MINUTE, clock);
            SocketAccess socketAccess = new SocketAccess(access, config.auth().readOpen(), socketRefusals);
            socketAccess.register(socket);
            EdgeConfig.EventBudgets limits = config.socketio().budget();
            EventBudgets eventBudgets = new EventBudgets(new EventBudgets.Limits(limits.guestPerSecond(),
                    limits.guestAddressPerSecond(), limits.parentPerSecond(), limits.floodDrops()), clock,
                    socketRefusals, EventBudgets.errOp(operations));
            SocketEvents socketEvents = new SocketEvents(socket, inbox, broadcaster, library, player::state, clock,
                    socketAccess, eventBudgets);
            socketEvents.register();
            new HealthEvents(socket, socketEvents, box::health, clock).register();
            SocketOperations socketOps = new SocketOperations(socket, operations, socketAccess, eventBudgets);
            new NfcLinkEvents(socketOps, linking).register();
            new PlayerEvents(socketOps, player).register();
            socket.start();

            Replies replies = new Replies(codec);
            // A child hammering play on a phone, not a parent, meets this; the box's buttons never do.
            ParentGate gate = new ParentGate(access, config.auth().readOpen(),
                    new Throttle(config.player().controlsPerMinute(), 60_000, clock), replies);
            Routes routes = new Routes(replies, gate);
            HttpOperations httpOps = new HttpOperations(operations, new Bodies(codec), replies);
            new PlaylistRoutes(library, playlists, broadcaster::currentSeq, httpOps).addTo(routes);
            new PlayerRoutes(inbox, player, broadcaster::currentSeq, httpOps).addTo(routes);
            new NfcRoutes(inbox, library, playlists, linking, reader, httpOps).addTo(routes);
            Uploads uploads = new Uploads(new Sessions(new SqliteSessionStore(database), new CardFiles(dataDir),
                    new Uploads.Limits(config.uploads().maxFileBytes(), config.uploads().maxOpenSessions(),
                            config.uploads().spaceMarginBytes()), clock), library,
                    new SongFacts(decoder, new JaudiotaggerTags()),
                    new UploadEvents(broadcaster, inbox, playerForChanges::playlistChanged),
                    work -> Schedulers.boundedElastic().schedule(work));
            Duration abandonedAfter = Duration.ofHours(config.uploads().maxAgeHours());
            // Off the start path: both touch every file on the SD card.
            // The storage check first and on its own: health waits for it, and a damaged
            // upload_sessions table must not keep it from running.
            Schedulers.boundedElastic().schedule(() -> {
                storage.run();
                try {
                    uploads.cleanup(abandonedAfter);
                } catch (RuntimeException e) {
                    log.warn("Cleaning old uploads failed: {}", e.toString());
                }
            });
            new UploadRoutes(uploads, httpOps, abandonedAfter).addTo(routes);
            Map<String, Object> endpoints = new LinkedHashMap<>();
            endpoints.put("http_port", config.http().port());
            endpoints.put("socketio_port", socket.port());
            endpoints.put("socketio_path", "/socket.io");
            Map<String, Object> accessInfo = new LinkedHashMap<>();
            accessInfo.put("mode", config.auth().mode());
            accessInfo.put("read_open", config.auth().readOpen());
            new SystemRoutes(inbox, broadcaster::currentSeq, box::health, replies, endpoints, accessInfo,
                    library.mediaDir()).addTo(routes);
            String webDir = config.web().dir().strip();
            if (webDir.isEmpty() && !config.web().csp().isBlank()) {
                log.warn("omb.web.csp applies to omb.web.dir only: the packaged page keeps its strict policy");
            }
            new PageRoutes(webDir.isEmpty() ? null : Path.of(webDir).toAbsolutePath().normalize(), config.web().csp(),
                    replies).addTo(routes);
            if (reader instanceof TagHand hand) {
                new NfcSimulatorRoutes(hand, replies).addTo(routes);
            }
            EdgeConfig.Budget budget = config.http().budget();
            RequestBudget requestBudgets = new RequestBudget(gate,
                    new Budgets(budget.guestBurst(), budget.guestPerMinute(), budget.addresses(), clock),
                    budget.guestPerMinute(),
                    new Budgets(budget.parentBurst(), budget.parentPerMinute(), budget.addresses(), clock), replies);
            HttpServer http = new HttpServer(config, routes.build(), List.of(requestBudgets, new CanonicalPath(replies),
                    new OriginCheck(config.http().origins(), replies)), codec, socket.sharedPort());
            socket.pageServedOn(http.port());

            log.info("Data directory: {} (library {}, {} playlists)", dataDir, dataDir.resolve("library.db"),
                    playlistCount(library));
            log.info("HTTP API on {}:{}, Socket.IO at /socket.io on that port and on {}:{}", config.bind(), http.port(),
                    config.bind(), socket.port());
            log.info("Parents' web page: http://{}:{}/", config.bind().equals("0.0.0.0") ? "localhost" : config.bind(),
                    http.port());
            log.info("NFC reader: {} ({})", reader.status().word(), reader.status().detail());
            log.info("Audio output: {} ({})", audio.status().word(), audio.status().detail());
            log.info("Buttons: {} ({})", buttons.status().word(), buttons.status().detail());
            return new EdgeAgent(database, inbox, socket, http, reader, buttons, audio, decoder, player);
        } catch (RuntimeException | Error e) {
            if (socket != null) {
                socket.close();
            }
            Player started = player;
            if (started != null) {
                inbox.ask(Inbox.Lane.DEVICE, () -> {
                    started.close();
                    return null;
                }).join();
            }
            inbox.close();
            if (decoder != null) {
                decoder.close();
            }
            if (buttons != null) {
                // On a Pi, pi4j's pin watchers would otherwise keep a failed start alive.
                buttons.close();
            }
            if (reader != null) {
                reader.close();
            }
            if (audio != null) {
                audio.close();
            }
            database.close();
            throw e;
        }
    }

    public int httpPort() {
        return http.port();
    }

    public int socketPort() {
        return socket.port();
    }

    /**
     * Stops taking requests, lets the box thread finish what it was doing, then closes the library.
     * The Socket.IO server's event loops take four seconds to wind down gracefully (a fixed quiet
     * period in netty-socketio); they stop on a daemon thread that is not waited for, so that a
     * restart is not held up by them. The process exit closes their sockets anyway.
     */
    @Override
    public void close() {
        log.info("Stopping");
        long started = System.nanoTime();
        Thread sockets = new Thread(socket::close, "socketio-stop");
        sockets.setDaemon(true);
        sockets.start();
        http.close();
        // The player saves where it was before the library closes.
        inbox.ask(Inbox.Lane.DEVICE, () -> {
            player.close();
            return null;
        }).join();
        inbox.close();
        reader.close();
        buttons.close();
        decoder.close();
        audio.close();
        database.close();
        log.info("Stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** For the start log only: a damaged library is reported by health, not by a failed start. */
    private static String playlistCount(SqliteLibrary library) {
        try {
            return String.valueOf(library.count());
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Path.of(args[i + 1]);
            }
        }
        String fromEnv = System.getenv("OMB_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
        return props;
    }
}
