package org.openmusicbox.cloud.youtube;

import java.util.Locale;

/** How limits read in messages: "3-hour", "90-minute", "500 MB". */
public final class Limits {

    private Limits() {}

    /** {@code 10800} -> "3-hour", {@code 5400} -> "90-minute", {@code 45} -> "45-second". */
    public static String duration(long seconds) {
        if (seconds >= 3600 && seconds % 3600 == 0) {
            return (seconds / 3600) + "-hour";
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return (seconds / 60) + "-minute";
        }
        return seconds + "-second";
    }

    /** Binary megabytes, as people read file sizes: {@code 524288000} -> "500 MB". */
    public static String size(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        if (mb >= 1) {
            return (mb == Math.rint(mb) ? Long.toString((long) mb) : String.format(Locale.ROOT, "%.1f", mb)) + " MB";
        }
        return bytes + " bytes";
    }
}
