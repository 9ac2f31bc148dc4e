package org.openmusicbox.edge.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * axe-core's accessibility rules, run in the page as it is shown. The script comes from the class
 * path (the com.deque.html.axe-core:selenium jar carries axe.min.js); it is injected and run with our
 * own Selenium, so nothing of Deque's Java wrapper is used.
 */
final class Axe {

    private static final String SCRIPT = load();

    private Axe() {}

    private static String load() {
        try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test class path (axe-core selenium jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The violations of serious or critical impact on the page as it is now, one line each with the
     * rule, the elements and what is wrong; empty when there are none.
     */
    @SuppressWarnings("unchecked")
    static List<String> seriousViolations(Browser browser) {
        if (!Boolean.TRUE.equals(browser.script("return typeof window.axe === 'object'"))) {
            browser.script(SCRIPT);
        }
        Object found = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((r) => done(r.violations
                    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => v.impact + ' ' + v.id + ' (' + v.help + '): '
                      + v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '))))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
        return (List<String>) found;
    }
}
