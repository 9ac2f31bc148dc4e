package org.openmusicbox.edge.db;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One schema step: {@code db/migration/V<version>__<name>.sql} on the classpath. The files to apply are
 * listed, in order, in {@code db/migration/index.txt} (one file name a line, {@code #} comments); versions
 * must run 1, 2, 3… without gaps. A new migration is a new file plus a line in the index, never an edit of
 * an applied one.
 */
record Migration(int version, String name, String sql) {

    static final String DIRECTORY = "db/migration/";
    static final String INDEX = DIRECTORY + "index.txt";
    private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1: " + version);
        }
    }

    /** The migrations listed in the classpath index, checked to be numbered 1..n. */
    static List<Migration> fromClasspath() {
        ClassLoader loader = Migration.class.getClassLoader();
        List<Migration> migrations = new ArrayList<>();
        for (String line : readLines(loader, INDEX)) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Matcher matcher = FILE_NAME.matcher(fileName);
            if (!matcher.matches()) {
                throw new IllegalStateException("bad migration file name in " + INDEX + ": " + fileName);
            }
            String sql = String.join("\n", readLines(loader, DIRECTORY + fileName));
            migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2), sql));
        }
        checkNumbering(migrations);
        return List.copyOf(migrations);
    }

    static void checkNumbering(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migrations must be numbered 1..n without gaps; position " + (i + 1)
                        + " holds version " + migrations.get(i).version());
            }
        }
    }

    private static List<String> readLines(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().toList();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath resource " + resource, e);
        }
    }

    /**
     * Splits a script into statements at semicolons outside quotes and comments. A {@code CREATE TRIGGER}
     * statement runs to the first {@code END;} (a {@code CASE … END;} inside a trigger body would end it early).
     */
    static List<String> statements(String script) {
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
        return TRIGGER_START.matcher(statement).matches() && !TRIGGER_END.matcher(statement).matches();
    }

    private static void addIfNotEmpty(List<String> statements, String statement) {
        String body = statement.endsWith(";") ? statement.substring(0, statement.length() - 1).strip() : statement;
        if (!body.isEmpty()) {
            statements.add(body);
        }
    }
}
