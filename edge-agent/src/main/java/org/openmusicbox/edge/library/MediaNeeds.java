package org.openmusicbox.edge.library;

import java.util.List;
import java.util.Set;

/**
 * What the library asks of the media cache: the files of its cloud tracks that are not on the box, and which files
 * must stay whatever the cache's budget (the tracks of playlists linked to a tag, so a child's tag plays offline).
 * Read from any thread.
 */
public interface MediaNeeds {

    /** Each missing file once, those of tag-linked playlists first. */
    List<Missing> missing();

    /** The sha256s of the tracks of playlists linked to a tag. */
    Set<String> kept();

    /** The playlists with a track of this file, to tell LAN clients it can play now. */
    List<String> playlistsWith(String sha256);

    record Missing(String sha256, String ext, long size, boolean kept) {}
}
