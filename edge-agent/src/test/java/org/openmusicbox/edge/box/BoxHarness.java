package org.openmusicbox.edge.box;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.Deck;
import org.openmusicbox.edge.audio.Decoder;
import org.openmusicbox.edge.audio.silent.SilentOutput;
import org.openmusicbox.edge.box.sqlite.SqlitePlayerMemory;
import org.openmusicbox.edge.db.Database;
import org.openmusicbox.edge.device.DeviceStatus;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.events.History;
import org.openmusicbox.edge.events.Sequencer;
import org.openmusicbox.edge.fake.FakeDecoder;
import org.openmusicbox.edge.fake.MemorySequenceStore;
import org.openmusicbox.edge.fake.RecordingFanout;
import org.openmusicbox.edge.library.sqlite.SqliteLibrary;
import org.openmusicbox.protocol.json.JsonCodec;

/** The box's core wired as the agent wires it, on a real SQLite file, with a recording fanout. */
final class BoxHarness implements AutoCloseable {

    final JsonCodec codec = new JsonCodec();
    final RecordingFanout fanout = new RecordingFanout();
    final Database database;
    final SqliteLibrary library;
    final Inbox inbox = new Inbox();
    final Sequencer sequencer;
    final Broadcaster broadcaster;
    final Operations operations;
    final Playlists playlists;
    final TagLinking linking;
    final FakeDecoder decoder = new FakeDecoder();
    final Player player;
    private final Decoder playerDecoder;
    long now = 1_000_000L;

    BoxHarness(Path dir, int historySize) {
        this(dir, historySize, null, new SilentOutput(DeviceStatus.silent("test")));
    }

    /** @param decoder the decoder the player uses; null for the fake whose tracks are silence of given lengths */
    BoxHarness(Path dir, int historySize, Decoder decoder, AudioOutput output) {
        database = Database.open(dir);
        library = new SqliteLibrary(database);
        sequencer = new Sequencer(new MemorySequenceStore(0));
        broadcaster = new Broadcaster(sequencer, new History(historySize, sequencer.floor()), fanout, () -> now, codec);
        operations = new Operations(inbox, broadcaster, () -> now);
        playerDecoder = decoder == null ? this.decoder : decoder;
        player = new Player(
                library,
                broadcaster,
                inbox,
                new SqlitePlayerMemory(database),
                () -> now,
                listener -> new Deck(playerDecoder, output, listener));
        playlists = new Playlists(library, broadcaster, player::playlistChanged);
        linking = new TagLinking(library, playlists, broadcaster, inbox, () -> now);
    }

    /** Runs work on the box thread and waits for it, as the endpoints do. */
    <T> T onBox(Supplier<T> work) {
        try {
            return inbox.ask(Inbox.Lane.PARENT, work).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Operations.Outcome op(String name, String clientOpId, Operations.ReplyTo replyTo, Supplier<Object> work) {
        try {
            return operations
                    .run(Inbox.Lane.PARENT, name, clientOpId, replyTo, work)
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        onBox(() -> {
            player.close();
            return null;
        });
        inbox.close();
        playerDecoder.close();
        database.close();
    }
}
