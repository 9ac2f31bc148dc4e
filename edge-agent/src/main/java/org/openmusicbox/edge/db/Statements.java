package org.openmusicbox.edge.db;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration script cut into single statements: the box runs a script through JDBC one statement at a time
 * ({@code Statement.execute} prepares one statement), so something must find where each ends without being
 * fooled by a semicolon in a string, a comment or a trigger body. It follows SQLite's syntax, which is why it
 * stays with the box; the cloud hands PostgreSQL a whole script in one query.
 */
final class Statements {

    private Statements() {}

    /**
     * Splits a script into statements at semicolons outside quotes and comments. A {@code CREATE TRIGGER}
     * statement runs to the first {@code END;} (a {@code CASE … END;} inside a trigger body would end it early).
     */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int length = script.length();
        while (i < length) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < length && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
                current.append('\n');
            } else if (c == '/' && i + 1 < length && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = i + 1;
                while (end < length) {
                    if (script.charAt(end) == close) {
                        if (close != ']' && end + 1 < length && script.charAt(end + 1) == close) {
                            end += 2; // doubled quote inside a literal
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                int stop = Math.min(end + 1, length);
                current.append(script, i, stop);
                i = stop;
            } else if (c == ';') {
                current.append(c);
                i++;
                String statement = current.toString().strip();
                if (isUnfinishedTrigger(statement)) {
                    continue;
                }
                addIfNotEmpty(statements, statement);
                current.setLength(0);
            } else {
                current.append(c);
                i++;
            }
        }
        addIfNotEmpty(statements, current.toString().strip());
        return statements;
    }

    private static final Pattern TRIGGER_START =
            Pattern.compile("(?is)^CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*");
    private static final Pattern TRIGGER_END = Pattern.compile("(?is).*\\bEND\\s*;$");

    private static boolean isUnfinishedTrigger(String statement) {
        return TRIGGER_START.matcher(statement).matches()
                && !TRIGGER_END.matcher(statement).matches();
    }

    private static void addIfNotEmpty(List<String> statements, String statement) {
        String body = statement.endsWith(";")
                ? statement.substring(0, statement.length() - 1).strip()
                : statement;
        if (!body.isEmpty()) {
            statements.add(body);
        }
    }
}
