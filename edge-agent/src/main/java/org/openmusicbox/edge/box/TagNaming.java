package org.openmusicbox.edge.box;

import java.util.List;
import org.openmusicbox.edge.events.Broadcaster;
import org.openmusicbox.edge.library.Library;
import org.openmusicbox.edge.nfc.TagUid;
import org.openmusicbox.protocol.v1.TagNamed;

/**
 * A parent names a tag ("Lion card") so the page shows that instead of its id. Runs on the box thread; the
 * name is announced as {@code state:tag_named} to room {@code playlists}, numbered and kept for catch-up like a
 * playlist's change, so a second screen and a reconnecting one show it too.
 */
public final class TagNaming {

    public static final int MAX_NAME = 40;

    private final Library library;
    private final Broadcaster broadcaster;

    public TagNaming(Library library, Broadcaster broadcaster) {
        this.library = library;
        this.broadcaster = broadcaster;
    }

    /** The tags that start a playlist, with their names. */
    public List<Library.LinkedTag> linked() {
        return library.linkedTags();
    }

    /**
     * Names a linked tag; the name is 1 to 40 characters once trimmed. Only a linked tag can be named: the page
     * names a tag right after linking it, or on the playlist it starts.
     */
    public TagNamed name(String tagText, String name) {
        String tagId = TagUid.parse(tagText)
                .map(TagUid::hex)
                .orElseThrow(() -> BoxError.invalid(
                        List.of(new BoxError.FieldProblem("tag_id", "tag_id must be 4 to 32 hex digits"))));
        String clean = clean(name);
        Library.LinkedTag tag = library.linkedTags().stream()
                .filter(t -> t.tagId().equals(tagId))
                .findFirst()
                .orElseThrow(() -> BoxError.notFound("Tag link", tagId));
        library.nameTag(tagId, clean);
        TagNamed named = new TagNamed(tagId, clean, tag.playlistId());
        broadcaster.toPlaylists(named);
        return named;
    }

    private static String clean(String name) {
        String trimmed = name == null ? "" : name.strip();
        String problem = null;
        if (trimmed.isEmpty()) {
            problem = "Name must not be empty";
        } else if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            problem = "Name too long (max " + MAX_NAME + " characters)";
        } else {
            problem = ClientText.problem("name", trimmed, false);
        }
        if (problem != null) {
            throw BoxError.invalid(List.of(new BoxError.FieldProblem("name", problem)));
        }
        return trimmed;
    }
}
