package org.openmusicbox.edge.box;

/**
 * The one rule for text a client sets (titles, descriptions, file names, metadata, ids, tags), over
 * HTTP and Socket.IO alike. Refused: NUL and the other C0 and C1 control characters (they cut or
 * garble what pages and logs show), the bidirectional overrides and isolates U+202A..U+202E and
 * U+2066..U+2069 (they make {@code evil.exe.mp3} read as something else), and lone surrogates (not
 * text at all; SQLite and JSON would store or send them broken). A description may hold line breaks
 * and tabs, since a parent writes it as a paragraph; nothing else may.
 */
public final class ClientText {

    private ClientText() {}

    /** What is wrong with {@code text} for field {@code field}, or null when it is fine. */
    public static String problem(String field, String text, boolean multiline) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return field + " must be valid text (it holds a lone surrogate U+" + hex(c) + " at " + i + ")";
            }
            if (multiline && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c)) {
                return field + " must not contain control characters (U+" + hex(c) + " at " + i + ")";
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return field + " must not contain text-direction override characters (U+" + hex(c) + " at " + i + ")";
            }
        }
        return null;
    }

    /** Throws a validation error naming {@code field} when {@code text} breaks the rule. */
    public static String require(String field, String text, boolean multiline) {
        String problem = problem(field, text, multiline);
        if (problem != null) {
            throw BoxError.invalid(java.util.List.of(new BoxError.FieldProblem(field, problem)));
        }
        return text;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
