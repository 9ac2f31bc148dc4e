package org.openmusicbox.protocol.v1.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of each entity and the values they take (docs/sync.md, "Rules per entity"). Anything else is
 * refused before it can reach a replica's state, so two replicas never disagree over a value one of them could
 * not have stored.
 */
public final class Fields {

    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String DELETED = "deleted";
    public static final String ORDER = "order";
    public static final String PLAYLIST_ID = "playlist_id";
    public static final String ARTIST = "artist";
    public static final String ALBUM = "album";
    public static final String DURATION_MS = "duration_ms";
    public static final String MEDIA = "media";

    private static final Map<Entity, Set<String>> NAMES = Map.of(
            Entity.PLAYLIST, Set.of(TITLE, DESCRIPTION, DELETED, ORDER),
            Entity.TRACK, Set.of(PLAYLIST_ID, TITLE, ARTIST, ALBUM, DURATION_MS, MEDIA, DELETED),
            Entity.TAG, Set.of(PLAYLIST_ID));

    private Fields() {}

    public static Set<String> of(Entity entity) {
        return NAMES.get(entity);
    }

    /**
     * The value as a replica stores it (an {@code order} becomes an unmodifiable copy); an unknown field or a
     * value of the wrong type is an {@link IllegalArgumentException} naming the field.
     */
    public static Object check(Entity entity, String field, Object value) {
        if (entity == null) {
            throw new IllegalArgumentException("entity must not be null");
        }
        if (field == null || !NAMES.get(entity).contains(field)) {
            throw new IllegalArgumentException(
                    "a " + name(entity) + " has no field " + field + "; it has " + NAMES.get(entity));
        }
        String at = name(entity) + "." + field;
        switch (field) {
            case DELETED:
                return required(at, value, Boolean.class, "true or false");
            case ORDER:
                return order(at, value);
            case DURATION_MS:
                Long ms = required(at, value, Long.class, "a long");
                if (ms < 0) {
                    throw new IllegalArgumentException(at + " must not be negative, was " + ms);
                }
                return ms;
            case MEDIA:
                return optional(at, value, Media.class, "media or null");
            case DESCRIPTION:
            case ARTIST:
            case ALBUM:
                return optional(at, value, String.class, "a string or null");
            case TITLE:
                return required(at, value, String.class, "a string");
            case PLAYLIST_ID:
                // A track always belongs to a playlist; a tag may play none.
                return entity == Entity.TAG
                        ? id(at, optional(at, value, String.class, "a playlist id or null"))
                        : id(at, required(at, value, String.class, "a playlist id"));
            default:
                throw new IllegalStateException("no check for " + at);
        }
    }

    static String name(Entity entity) {
        return entity.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static <T> T required(String at, Object value, Class<T> type, String expected) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(at + " must be " + expected + ", was " + describe(value));
        }
        return type.cast(value);
    }

    private static <T> T optional(String at, Object value, Class<T> type, String expected) {
        return value == null ? null : required(at, value, type, expected);
    }

    private static String id(String at, String id) {
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException(at + " must not be blank");
        }
        return id;
    }

    private static List<String> order(String at, Object value) {
        List<?> list = required(at, value, List.class, "a list of track ids");
        Set<Object> seen = new HashSet<>();
        for (Object id : list) {
            if (!(id instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException(at + " must hold track ids, held " + describe(id));
            }
            if (!seen.add(id)) {
                throw new IllegalArgumentException(at + " names track " + id + " twice");
            }
        }
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) list;
        return List.copyOf(ids);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
