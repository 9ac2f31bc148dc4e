package org.openmusicbox.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.access.RemotePhones;
import org.openmusicbox.edge.access.sqlite.SqliteClaimStore;
import org.openmusicbox.edge.access.sqlite.SqliteTokenStore;
import org.openmusicbox.edge.api.http.HttpServer;
import org.openmusicbox.edge.api.http.SystemRoutes;
import org.openmusicbox.edge.api.socketio.RelayedEvents;
import org.openmusicbox.edge.api.socketio.SocketServer;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.Deck;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.audio.FirstUseDecoder;
import org.openmusicbox.edge.audio.Outputs;
import org.openmusicbox.edge.audio.lavaplayer.LavaDecoder;
import org.openmusicbox.edge.box.Box;
import org.openmusicbox.edge.box.ButtonPlay;
import org.openmusicbox.edge.box.CloudEdits;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.box.Player;
import org.openmusicbox.edge.box.Playlists;
import org.openmusicbox.edge.box.TagLinking;
import org.openmusicbox.edge.box.TagPlay;
import org.openmusicbox.edge.box.sqlite.SqlitePlayerMemory;
import org.openmusicbox.edge.config.ConfigLoader;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.controls.Controls;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.events.AnswerFirst;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.events.Fanout;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.edge.events.Sequencer;
import org.openmusicbox.edge.events.sqlite.SqliteSequenceStore;
import org.openmusicbox.edge.library.Outbox;
import org.openmusicbox.edge.library.StorageCheck;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.library.sqlite.SqliteOutbox;
import org.openmusicbox.edge.nfc.Readers;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.remote.RemoteCommands;
import org.openmusicbox.edge.setup.Claim;
import org.openmusicbox.edge.sync.Arrivals;
import org.openmusicbox.edge.sync.CloudHealth;
import org.openmusicbox.edge.sync.CloudLink;
import org.openmusicbox.edge.sync.CloudLinks;
import org.openmusicbox.edge.sync.CloudTraffic;
import org.openmusicbox.edge.sync.MediaTraffic;
import org.openmusicbox.edge.sync.Unhandled;
import org.openmusicbox.edge.youtube.Imports;
import org.openmusicbox.edge.youtube.YoutubeTopics;
import org.openmusicbox.protocol.json.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge agent's entry point and the core of its composition root: builds the rooms every endpoint
 * shares, hands them to {@link SocketEndpoint} and {@link HttpEndpoint}, and owns what must be closed, in
 * order. A plain {@code main()} without a framework container keeps start-up and memory small on the Pi.
 */
public final class EdgeAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeAgent.class);

    private final Database database;
    private final Inbox inbox;
    private final SocketServer socket;
    private final HttpServer http;
    private final TagReader reader;
    private final Buttons buttons;
    private final AudioOutput audio;
    private final Decoder decoder;
    private final Player player;
    private final CloudLink cloud;
    /** The sync thread, or null without a cloud. */
    private final CloudTraffic traffic;
    /** The relay's commands' thread, or null without a cloud. */
    private final RemoteCommands remote;

    private EdgeAgent(
            Database database,
            Inbox inbox,
            SocketServer socket,
            HttpServer http,
            TagReader reader,
            Buttons buttons,
            AudioOutput audio,
            Decoder decoder,
            Player player,
            CloudLink cloud,
            CloudTraffic traffic,
            RemoteCommands remote) {
        this.buttons = buttons;
        this.database = database;
        this.inbox = inbox;
        this.socket = socket;
        this.http = http;
        this.reader = reader;
        this.audio = audio;
        this.decoder = decoder;
        this.player = player;
        this.cloud = cloud;
        this.traffic = traffic;
        this.remote = remote;
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        EdgeAgent agent;
        try {
            EdgeConfig config = ConfigLoader.load(configFile(args), System.getenv(), systemProperties());
            agent = start(config);
        } catch (Throwable e) {
            // Throwable: Netty throws a port already in use as a checked BindException no signature declares.
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
        CloudLink cloud = null;
        CloudTraffic traffic = null;
        RemoteCommands remote = null;
        try {
            Sequencer sequencer = new Sequencer(new SqliteSequenceStore(database));
            History history = new History(config.sync().historySize(), sequencer.floor());
            socket = new SocketServer(config, codec);
            RemoteAccess.Relay relay = RemoteAccess.Relay.of(database, clock);
            Fanout clients = new AnswerFirst(relay.mirrored(config, socket, codec, clock), inbox::afterAnswer);
            Broadcaster broadcaster = new Broadcaster(sequencer, history, clients, clock, codec);
            SqliteLibrary library = new SqliteLibrary(database, clock);
            audio = outputs.apply(config.audio().output());
            // Lavaplayer is built when the first track plays: an idle box never loads it.
            decoder = new FirstUseDecoder(LavaDecoder::new);
            Decoder deckDecoder = decoder;
            AudioOutput deckOutput = audio;
            player = new Player(
                    library,
                    broadcaster,
                    inbox,
                    new SqlitePlayerMemory(database),
                    clock,
                    listener -> new Deck(deckDecoder, deckOutput, listener));
            reader = Readers.open(config.nfc());
            buttons = Controls.open(config.controls());
            StorageCheck storage = new StorageCheck(library, database::quickCheck);
            // Built before the endpoints so that a bad CA, certificate or key file refuses the start.
            Outbox outbox = new SqliteOutbox(database);
            Arrivals arrivals = new Unhandled();
            Player playerForCloud = player;
            // The cloud's log, applied on the box thread with the events a parent's edit sends.
            CloudEdits cloudEdits =
                    new CloudEdits(inbox, library, broadcaster, playerForCloud::playlistChanged, Duration.ofMinutes(1));
            java.util.function.Supplier<MediaTraffic.Queue> mediaQueue = () -> new MediaTraffic.Queue(0, 0, null);
            Imports imports =
                    new Imports(config.cloud().enabled() ? config.cloud().deviceId() : null, broadcaster, codec);
            if (config.cloud().enabled()) {
                MediaTraffic.Parts media = CloudFiles.parts(
                        config, database, library, inbox, broadcaster, playerForCloud::playlistChanged);
                playerForCloud.onStart(media.cache()::startedPlaying);
                traffic = new CloudTraffic(config.cloud().deviceId(), outbox, cloudEdits, codec, media);
                arrivals = new YoutubeTopics(imports, traffic, codec);
                mediaQueue = traffic::mediaQueue;
            }
            RemotePhones phones = RemoteAccess.phones(config, database, clock);
            if (config.cloud().enabled()) {
                arrivals = RemoteAccess.listed(phones, config.cloud().deviceId(), codec, arrivals);
                remote = relay.commands(config, codec, clock, arrivals);
                arrivals = remote;
            }
            cloud = CloudLinks.open(config.cloud(), SystemRoutes.VERSION, arrivals);
            Box box = new Box(
                    library,
                    storage,
                    audio,
                    reader,
                    buttons,
                    socket::started,
                    CloudHealth.of(cloud::status, outbox, java.time.Instant::now, mediaQueue));
            Operations operations = new Operations(inbox, broadcaster, clock);
            Player playerForChanges = player;
            Playlists playlists = new Playlists(library, broadcaster, playerForChanges::playlistChanged);
            TagLinking linking = new TagLinking(library, playlists, broadcaster, inbox, clock);
            ParentAccess access = config.auth().mode().equals("off")
                    ? ParentAccess.off()
                    : ParentAccess.open(
                            config.auth().token(),
                            new SqliteTokenStore(database),
                            new SqliteClaimStore(database),
                            phones,
                            clock);
            Claim claim = FirstRun.start(
                    config,
                    access,
                    clock,
                    library,
                    reader,
                    new TagPlay(inbox, library, linking, player),
                    buttons,
                    new ButtonPlay(operations, player));
            Parts parts = new Parts(
                    config,
                    clock,
                    codec,
                    dataDir,
                    database,
                    inbox,
                    broadcaster,
                    library,
                    storage,
                    decoder,
                    player,
                    operations,
                    playlists,
                    linking,
                    reader,
                    buttons,
                    box,
                    access,
                    claim,
                    socket,
                    imports,
                    relay.once(config));
            RelayedEvents relayedEvents = SocketEndpoint.open(parts);
            HttpServer http = HttpEndpoint.open(parts);
            if (remote != null) {
                RemoteAccess.serve(remote, http, relayedEvents, access::phoneOf, codec);
            }

            StartReport.log(config, dataDir, library, http.port(), socket.port(), reader, audio, buttons);
            FirstRun.greet(config, access, http.port());
            // Asynchronous: the box is up whether or not the broker answers.
            cloud.start();
            return new EdgeAgent(
                    database, inbox, socket, http, reader, buttons, audio, decoder, player, cloud, traffic, remote);
        } catch (Throwable e) {
            if (cloud != null) {
                cloud.close();
            }
            if (traffic != null) {
                traffic.close();
            }
            if (remote != null) {
                remote.close();
            }
            if (socket != null) {
                socket.close();
            }
            Player started = player;
            if (started != null) {
                inbox.ask(Inbox.Lane.DEVICE, () -> {
                            started.close();
                            return null;
                        })
                        .join();
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
        // First, while the box is still whole: the broker hears offline before anything else stops.
        cloud.close();
        if (traffic != null) {
            traffic.close();
        }
        if (remote != null) {
            remote.close();
        }
        Thread sockets = new Thread(socket::close, "socketio-stop");
        sockets.setDaemon(true);
        sockets.start();
        http.close();
        // The player saves where it was before the library closes.
        inbox.ask(Inbox.Lane.DEVICE, () -> {
                    player.close();
                    return null;
                })
                .join();
        inbox.close();
        reader.close();
        buttons.close();
        decoder.close();
        audio.close();
        database.close();
        log.info("Stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
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
