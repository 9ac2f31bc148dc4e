package org.openmusicbox.edge.upload;

import java.util.Locale;
import java.util.Set;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.ClientText;

/**
 * Checks the name a phone gives a file. The name is only ever shown and used for its extension (the
 * file itself is stored under the session's id), but a name with a path in it is refused anyway:
 * it is a mistake or an attack, never a song title.
 */
public final class FileNames {

    public static final int MAX_LENGTH = 255;
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("mp3", "wav", "flac", "ogg", "m4a", "aac");

    private static final Set<String> WINDOWS_RESERVED = Set.of(
            "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1",
            "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private FileNames() {}

    /** The name, stripped of surrounding spaces; a {@link BoxError} (400 or 415) when it is refused. */
    public static String clean(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw invalid("filename must not be empty");
        }
        if (n.length() > MAX_LENGTH) {
            throw invalid("filename is too long (max " + MAX_LENGTH + " chars)");
        }
        String bad = ClientText.problem("filename", n, false);
        if (bad != null) {
            throw invalid(bad);
        }
        if (n.contains("/") || n.contains("\\") || n.contains("..") || n.matches("^[A-Za-z]:.*")) {
            throw invalid("filename must be a plain file name, without a path");
        }
        if (n.startsWith(".") || n.endsWith(".") || n.endsWith(" ")) {
            throw invalid("filename must not start or end with a dot");
        }
        String stem = stem(n).toLowerCase(Locale.ROOT).strip();
        if (WINDOWS_RESERVED.contains(stem)) {
            throw invalid("filename must not be a reserved device name (" + stem + ")");
        }
        String extension = extension(n);
        if (!AUDIO_EXTENSIONS.contains(extension)) {
            throw new BoxError(
                    "unsupported_media_type",
                    415,
                    "Only audio files can be uploaded ("
                            + String.join(
                                    ", ", AUDIO_EXTENSIONS.stream().sorted().toList()) + "), not '"
                            + (extension.isEmpty() ? "(no extension)" : extension) + "'",
                    null,
                    java.util.List.of(new BoxError.FieldProblem("filename", "unsupported file type")));
        }
        return n;
    }

    /** Lower-case extension without the dot, empty when there is none. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The name without its extension: the title when the file has no title tag. */
    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }

    private static BoxError invalid(String message) {
        return BoxError.invalid(java.util.List.of(new BoxError.FieldProblem("filename", message)));
    }
}
