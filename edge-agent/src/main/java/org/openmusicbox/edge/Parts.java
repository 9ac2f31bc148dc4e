package org.openmusicbox.edge;

import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.openmusicbox.edge.access.ParentAccess;
import org.openmusicbox.edge.api.socketio.SocketServer;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.box.Box;
import org.openmusicbox.edge.box.Inbox;
import org.openmusicbox.edge.box.Operations;
import org.openmusicbox.edge.box.Player;
import org.openmusicbox.edge.box.Playlists;
import org.openmusicbox.edge.box.TagLinking;
import org.openmusicbox.edge.config.EdgeConfig;
import org.openmusicbox.edge.controls.Buttons;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.StorageCheck;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.remote.Once;
import org.openmusicbox.edge.setup.Claim;
import org.openmusicbox.edge.youtube.Imports;
import org.openmusicbox.protocol.json.JsonCodec;

/**
 * The parts {@link EdgeAgent} built before any endpoint, handed as one to each endpoint's assembly
 * ({@link SocketEndpoint}, {@link HttpEndpoint}) so that a room is built once and shared, never built twice.
 * The socket server is among them because the broadcaster sends through it before its events are registered.
 *
 * @param dataDir the configured data directory, absolute
 * @param once what a relayed command's change is wrapped in, so that it is applied once
 */
record Parts(
        EdgeConfig config,
        LongSupplier clock,
        JsonCodec codec,
        Path dataDir,
        Database database,
        Inbox inbox,
        Broadcaster broadcaster,
        SqliteLibrary library,
        StorageCheck storage,
        Decoder decoder,
        Player player,
        Operations operations,
        Playlists playlists,
        TagLinking linking,
        TagReader reader,
        Buttons buttons,
        Box box,
        ParentAccess access,
        Claim claim,
        SocketServer socket,
        Imports imports,
        Once once) {}
