package org.openmusicbox.e2e.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A benchmark's command line: {@code --name value} pairs and {@code --smoke}; an unknown option is an error. */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final boolean smoke;

    Options(String[] args, Set<String> known) {
        boolean smokeSeen = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--smoke")) {
                smokeSeen = true;
            } else if (a.startsWith("--") && known.contains(a.substring(2)) && i + 1 < args.length) {
                values.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option or missing value: " + a + " (known: --smoke, --"
                        + String.join(" N, --", known) + " N)");
            }
        }
        this.smoke = smokeSeen;
    }

    boolean smoke() {
        return smoke;
    }

    /** The option's whole number, else {@code smokeSize} with --smoke, else {@code fullSize}; must be positive. */
    int number(String name, int fullSize, int smokeSize) {
        String v = values.get(name);
        int n = v != null ? Integer.parseInt(v) : smoke ? smokeSize : fullSize;
        if (n < 0) {
            throw new IllegalArgumentException("--" + name + " must not be negative, was " + n);
        }
        return n;
    }
}
