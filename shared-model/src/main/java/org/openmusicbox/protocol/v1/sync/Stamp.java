package org.openmusicbox.protocol.v1.sync;

import java.util.regex.Pattern;

/**
 * When and by whom a field was set: an {@link Hlc} value and the writing replica ({@code cloud} or a device id).
 * Ordered by the number, then by the origin, so two replicas that took the same HLC value still agree on a
 * winner. Origins are ASCII ({@code [A-Za-z0-9_-]}, like device ids), so Java's string order, SQLite's BINARY
 * collation and PostgreSQL's {@code COLLATE "C"} all order them the same way.
 */
public record Stamp(long hlc, String origin) implements Comparable<Stamp> {

    public static final String CLOUD = "cloud";

    private static final Pattern ORIGIN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public Stamp {
        if (hlc < 0) {
            throw new IllegalArgumentException("stamp hlc must not be negative, was " + hlc);
        }
        if (origin == null || !ORIGIN.matcher(origin).matches()) {
            throw new IllegalArgumentException("stamp origin must be 1-64 characters of [A-Za-z0-9_-], was "
                    + (origin == null ? "null" : '"' + origin + '"'));
        }
    }

    @Override
    public int compareTo(Stamp other) {
        int byClock = Long.compare(hlc, other.hlc);
        return byClock != 0 ? byClock : origin.compareTo(other.origin);
    }

    public boolean isAfter(Stamp other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return Hlc.format(hlc) + "@" + origin;
    }
}
