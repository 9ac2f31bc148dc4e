package org.openmusicbox.edge.upload.jaudiotagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.audio.ToneFiles;

class JaudiotaggerTagsTest {

    @TempDir
    Path dir;

    @Test
    void readingASongAfterAGarbageCollectionSaysNothingBelowSevereOnJavaUtilLogging() throws Exception {
        JaudiotaggerTags tags = new JaudiotaggerTags();
        // java.util.logging keeps loggers weakly: a level set on a collected logger is gone (seen on the live stack
        // run, a dozen INFO lines per upload in the box's journal).
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        for (int i = 0; i < 50 && sentinel.get() != null; i++) {
            System.gc();
        }
        assertNull(sentinel.get(), "a collection ran");

        List<LogRecord> said = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLoggerName() != null && record.getLoggerName().startsWith("org.jaudiotagger")) {
                    said.add(record);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            Path song = ToneFiles.wav(dir, "song.wav", 440, 300, 22_050, 1);
            tags.read(song);
        } finally {
            root.removeHandler(capture);
        }
        assertEquals(
                List.of(),
                said.stream()
                        .filter(r -> r.getLevel().intValue() < Level.SEVERE.intValue())
                        .map(LogRecord::getMessage)
                        .toList(),
                "jaudiotagger's records below SEVERE");
    }
}
