package org.openmusicbox.edge.box;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.library.MediaNeeds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file from the cloud is complete in the media cache: each playlist with a track of it is sent again as
 * {@code state:playlist} to its room (the track now shows as available), and the player hears of it as after an
 * edit. Done on the box thread, in the {@code DEVICE} lane; the caller (the sync thread) does not wait.
 */
public final class MediaArrivals implements Consumer<String> {

    private static final Logger log = LoggerFactory.getLogger(MediaArrivals.class);

    private final Inbox inbox;
    private final Library library;
    private final MediaNeeds needs;
    private final Broadcaster broadcaster;
    private final Consumer<String> playlistChanged;

    public MediaArrivals(
            Inbox inbox, Library library, MediaNeeds needs, Broadcaster broadcaster, Consumer<String> playlistChanged) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.library = Objects.requireNonNull(library, "library");
        this.needs = Objects.requireNonNull(needs, "needs");
        this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
        this.playlistChanged = Objects.requireNonNull(playlistChanged, "playlistChanged");
    }

    @Override
    public void accept(String sha256) {
        inbox.post(Inbox.Lane.DEVICE, () -> {
            List<String> ids = needs.playlistsWith(sha256);
            for (String id : ids) {
                library.playlist(id).ifPresent(p -> broadcaster.toPlaylist(id, p));
                playlistChanged.accept(id);
            }
            log.debug("Media {} arrived for playlists {}", sha256, ids);
        });
    }
}
