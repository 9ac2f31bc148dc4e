package org.openmusicbox.edge.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A week offline with one attempt a minute is a handful of warnings, not ten thousand. */
class OfflineReportsTest {

    private static final long TEN_MINUTES = 600_000;

    @Test
    void theSameReasonIsToldOnceThenOnlyEveryTenMinutes() {
        OfflineReports reports = new OfflineReports(TEN_MINUTES);
        String refused = "cannot reach 127.0.0.1:1884: connection refused";
        int told = 0;
        for (long t = 0; t < 7L * 24 * 3600 * 1000; t += 60_000) {
            if (reports.worthTelling(refused, t)) {
                told++;
            }
        }
        assertTrue(told >= 1008 && told <= 1009, "once per ten minutes over a week: " + told);
    }

    @Test
    void aNewReasonIsToldAtOnce() {
        OfflineReports reports = new OfflineReports(TEN_MINUTES);
        assertTrue(reports.worthTelling("broker refused the credentials", 0));
        assertFalse(reports.worthTelling("broker refused the credentials", 1_000));
        assertTrue(reports.worthTelling("cannot reach 127.0.0.1:1884: connection refused", 2_000));
    }

    @Test
    void afterAConnectionTheSameReasonIsNewsAgain() {
        OfflineReports reports = new OfflineReports(TEN_MINUTES);
        assertTrue(reports.worthTelling("lost the connection", 0));
        reports.connected();
        assertTrue(reports.worthTelling("lost the connection", 1_000));
    }
}
