package org.openmusicbox.edge.box;

import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.nfc.TagReader;
import org.openmusicbox.edge.nfc.TagUid;
import org.openmusicbox.protocol.v1.PlayerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a tag on the reader does. While a link session is open, the tag is for linking. Otherwise
 * a tag linked to a playlist starts it (where it was left); lifting it pauses, and putting the same
 * tag back continues, unless the parent turned pause-on-lift off. An unknown tag only goes to the
 * log: a child trying a random card sees nothing happen. Reports arrive on the reader's thread and
 * are handled on the box thread.
 */
public final class TagPlay implements TagReader.Listener {

    private static final Logger log = LoggerFactory.getLogger(TagPlay.class);

    private final Inbox inbox;
    private final Library library;
    private final TagLinking linking;
    private final Player player;

    public TagPlay(Inbox inbox, Library library, TagLinking linking, Player player) {
        this.inbox = inbox;
        this.library = library;
        this.linking = linking;
        this.player = player;
    }

    @Override
    public void placed(TagUid tag) {
        inbox.post(Inbox.Lane.DEVICE, () -> onPlaced(tag));
    }

    @Override
    public void lifted(TagUid tag) {
        inbox.post(Inbox.Lane.DEVICE, () -> onLifted(tag));
    }

    private void onPlaced(TagUid tag) {
        if (linking.tagPlaced(tag)) {
            return;
        }
        var playlist = library.playlistForTag(tag.hex());
        if (playlist.isEmpty()) {
            log.info("Tag {} is not linked to a playlist", tag);
            return;
        }
        PlayerState now = player.state();
        String id = playlist.get().id();
        try {
            if (id.equals(now.activePlaylistId()) && PlayerState.PAUSED.equals(now.state())) {
                player.play();
            } else if (!(id.equals(now.activePlaylistId()) && now.isPlaying())) {
                player.start(id, null, false);
            }
        } catch (BoxError e) {
            log.info("Tag {} for \"{}\": {}", tag, playlist.get().title(), e.getMessage());
        }
    }

    private void onLifted(TagUid tag) {
        if (!player.settings().pauseOnLift()) {
            return;
        }
        var playlist = library.playlistForTag(tag.hex());
        PlayerState now = player.state();
        if (playlist.isPresent() && playlist.get().id().equals(now.activePlaylistId()) && now.isPlaying()) {
            player.pause();
        }
    }
}
