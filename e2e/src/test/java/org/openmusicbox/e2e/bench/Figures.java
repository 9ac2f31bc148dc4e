package org.openmusicbox.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A benchmark's result: named figures printed as one JSON object on stdout, with the machine's load average at the
 * start and the end, since the machine is shared and a figure means little without it.
 */
final class Figures {

    private final Map<String, Object> figures = new LinkedHashMap<>();

    Figures(String benchmark) {
        figures.put("benchmark", benchmark);
        figures.put("load_start", load());
    }

    Figures put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    /** Prints the figures and returns 0, or 1 when {@code correct} is false (something lost or answered twice). */
    int print(boolean correct) {
        figures.put("load_end", load());
        figures.put("correct", correct);
        String json = figures.entrySet().stream()
                .map(e -> "  \"" + e.getKey() + "\": " + json(e.getValue()))
                .collect(Collectors.joining(",\n", "{\n", "\n}"));
        System.out.println(json);
        return correct ? 0 : 1;
    }

    /** The 1, 5 and 15 minute load averages. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The {@code p}-th percentile (0..100) of {@code values}, nearest rank; 0 for none. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String json(Object v) {
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
