package org.openmusicbox.edge.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The page shows a refusal from its error_type, so every error_type the box can send needs words in
 * both languages. The types are collected from the sources (the first argument of {@code new BoxError},
 * {@code ApiError.of}, the type after an {@code HttpStatus} in a reply, and {@code ApiError}'s constants),
 * so a new refusal without words fails here, not in front of a parent.
 */
class RefusalWordsTest {

    static final Path SOURCES = Path.of("src", "main", "java");
    static final Path API_ERROR = Path.of(
            "..",
            "shared-model",
            "src",
            "main",
            "java",
            "org",
            "openmusicbox",
            "protocol",
            "v1",
            "http",
            "ApiError.java");
    static final Path PAGE_JS = Path.of("..", "web-ui", "src", "main", "resources", "omb-web", "js");

    private static final Pattern FIRST_ARGUMENT =
            Pattern.compile("new BoxError\\(|ApiError\\.of\\(|HttpStatus\\.[A-Z_]+,");
    private static final Pattern WORD = Pattern.compile("\"([a-z][a-z_]*)\"");
    private static final Pattern CONSTANT = Pattern.compile("public static final String [A-Z_]+ = \"([a-z_]+)\";");
    private static final Pattern KEY = Pattern.compile("^\\s*'([^']+)':", Pattern.MULTILINE);

    @Test
    void everyErrorTypeTheBoxSendsHasWordsInEnglishAndFrench() throws IOException {
        Set<String> types = errorTypes();
        assertTrue(
                types.containsAll(Set.of("not_found", "validation_error", "insufficient_storage", "storage_read_only")),
                "the scan finds the box's refusals: " + types);
        Set<String> english = keys("lang-en.js");
        Set<String> french = keys("lang-fr.js");
        List<String> missing = new ArrayList<>();
        for (String type : types) {
            if (!english.contains("refusal." + type)) {
                missing.add("lang-en.js refusal." + type);
            }
            if (!french.contains("refusal." + type)) {
                missing.add("lang-fr.js refusal." + type);
            }
        }
        assertEquals(List.of(), missing, "error types without words for the parent");
    }

    /**
     * Fields a parent fills in (a name, a file, a link). The other fields the box checks (chunk_size,
     * file_hash, status, ...) are set by the page itself, so a refusal of one is a fault of the page and
     * gets the general sentence.
     */
    static final Set<String> PARENT_FIELDS = Set.of("title", "description", "filename", "file_size", "url");

    @Test
    void theFieldsAParentFillsInHaveWordsWhenTheBoxRefusesThem() throws IOException {
        Set<String> fields = new TreeSet<>();
        Pattern problem = Pattern.compile("FieldProblem\\(\\s*\"([a-z_]+)\"");
        for (String source : sources()) {
            Matcher m = problem.matcher(source);
            while (m.find()) {
                fields.add(m.group(1));
            }
        }
        assertTrue(fields.containsAll(PARENT_FIELDS), "the box checks these fields: " + fields);
        for (String lang : List.of("lang-en.js", "lang-fr.js")) {
            Set<String> keys = keys(lang);
            assertEquals(
                    List.of(),
                    PARENT_FIELDS.stream()
                            .filter(f -> !keys.contains("field." + f))
                            .toList(),
                    lang);
        }
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Set<String> english = keys("lang-en.js");
        Set<String> french = keys("lang-fr.js");
        assertEquals(
                List.of(),
                english.stream().filter(k -> !french.contains(k)).toList(),
                "English keys missing in French");
        assertEquals(
                List.of(),
                french.stream().filter(k -> !english.contains(k)).toList(),
                "French keys missing in English");
    }

    @Test
    void theScanReadsTheTypeOutOfEachKindOfRefusal() {
        Set<String> found = new TreeSet<>();
        collect("""
                throw new BoxError(
                        "too_many_uploads", 429, "x", null, null);
                body = ApiError.of(status.is4xxClientError() ? "bad_request" : "internal_error", reason);
                return replies.refuse(exchange, HttpStatus.FORBIDDEN,
                        "forbidden", "Requests from " + "elsewhere");
                return new BoxError(type, 400, "a \\"quoted\\" word", null, null);
                """, found);
        assertEquals(Set.of("too_many_uploads", "bad_request", "internal_error", "forbidden"), found);
    }

    static Set<String> errorTypes() throws IOException {
        Set<String> types = new TreeSet<>();
        for (String source : sources()) {
            collect(source, types);
        }
        Matcher constants = CONSTANT.matcher(Files.readString(API_ERROR));
        while (constants.find()) {
            if (!"error".equals(constants.group(1))) { // the envelope's status word, not a type
                types.add(constants.group(1));
            }
        }
        return types;
    }

    /** The error type is the first argument after the call's head: read it up to its comma. */
    private static void collect(String source, Set<String> types) {
        Matcher head = FIRST_ARGUMENT.matcher(source);
        while (head.find()) {
            String argument = firstArgument(source, head.end());
            Matcher word = WORD.matcher(argument);
            while (word.find()) {
                types.add(word.group(1));
            }
        }
    }

    private static String firstArgument(String source, int from) {
        int depth = 0;
        boolean quoted = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth-- == 0 || c == ',' && depth == 0) {
                return source.substring(from, i);
            }
        }
        return source.substring(from);
    }

    private static List<String> sources() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                texts.add(Files.readString(file));
            }
        }
        return texts;
    }

    static Set<String> keys(String file) throws IOException {
        Set<String> keys = new TreeSet<>();
        Matcher m = KEY.matcher(Files.readString(PAGE_JS.resolve(file)));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
