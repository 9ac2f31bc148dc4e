package org.openmusicbox.edge.library.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openmusicbox.protocol.v1.sync.Entity;
import org.openmusicbox.protocol.v1.sync.Fields;
import org.openmusicbox.protocol.v1.sync.Media;

/** Values come back from their JSON text with the types the model compares. */
class ChangeValuesTest {

    @Test
    void eachFieldComesBackAsItWent() {
        Media media = new Media("a".repeat(64), "media/" + "a".repeat(64) + ".mp3", "mp3", 1234);
        String json = ChangeValues.encode(media);
        assertEquals(
                "{\"sha256\":\"" + "a".repeat(64) + "\",\"object_key\":\"media/" + "a".repeat(64)
                        + ".mp3\",\"format\":\"mp3\",\"file_size\":1234}",
                json);
        assertEquals(media, ChangeValues.decode(Entity.TRACK, Fields.MEDIA, json));
        assertEquals(42L, ChangeValues.decode(Entity.TRACK, Fields.DURATION_MS, ChangeValues.encode(42L)));
        assertEquals(true, ChangeValues.decode(Entity.PLAYLIST, Fields.DELETED, "true"));
        assertEquals(List.of("b", "a"), ChangeValues.decode(Entity.PLAYLIST, Fields.ORDER, "[\"b\",\"a\"]"));
        assertEquals(
                "L'été \"x\"", ChangeValues.decode(Entity.TRACK, Fields.TITLE, ChangeValues.encode("L'été \"x\"")));
        assertNull(ChangeValues.decode(Entity.TAG, Fields.PLAYLIST_ID, "null"));
    }

    @Test
    void valuesThatDoNotFitTheFieldAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ChangeValues.decode(Entity.TRACK, Fields.DURATION_MS, "\"long\""));
        assertThrows(IllegalArgumentException.class, () -> ChangeValues.decode(Entity.TRACK, Fields.TITLE, "{nope"));
        assertThrows(IllegalArgumentException.class, () -> ChangeValues.decode(Entity.TRACK, Fields.DURATION_MS, "-1"));
        assertThrows(
                IllegalArgumentException.class,
                () -> ChangeValues.decode(Entity.PLAYLIST, Fields.ORDER, "[\"a\",\"a\"]"));
        assertThrows(IllegalArgumentException.class, () -> ChangeValues.decode(Entity.PLAYLIST, Fields.TITLE, "null"));
        assertThrows(IllegalArgumentException.class, () -> ChangeValues.decode(Entity.TAG, "title", "\"x\""));
    }
}
