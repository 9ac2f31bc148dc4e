package org.openmusicbox.edge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openmusicbox.edge.fake.FakeDecoder;

class FirstUseDecoderTest {

    @TempDir
    Path dir;

    private final AtomicInteger built = new AtomicInteger();
    private final List<Closing> made = new ArrayList<>();

    /** The real decoder's stand-in: counts how often it is built and whether it was closed. */
    private final class Closing implements Decoder {
        private final FakeDecoder inner = new FakeDecoder();
        private volatile boolean closed;

        @Override
        public DecodedTrack open(Path file, long startMs) {
            return inner.open(file, startMs);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private Decoder make() {
        built.incrementAndGet();
        Closing c = new Closing();
        synchronized (made) {
            made.add(c);
        }
        return c;
    }

    @Test
    void nothingIsBuiltUntilTheFirstTrackIsOpened() {
        FirstUseDecoder decoder = new FirstUseDecoder(this::make);

        assertEquals(0, built.get());
        assertFalse(decoder.built());

        try (DecodedTrack track = decoder.open(FakeDecoder.track(dir, "a", 1500), 0)) {
            assertEquals(1500, track.durationMs());
        }
        assertEquals(1, built.get());
        assertTrue(decoder.built());
    }

    @Test
    void laterTracksUseTheSameDecoder() {
        FirstUseDecoder decoder = new FirstUseDecoder(this::make);

        decoder.open(FakeDecoder.track(dir, "a", 100), 0).close();
        decoder.open(FakeDecoder.track(dir, "b", 200), 50).close();
        decoder.open(FakeDecoder.track(dir, "c", 300), 0).close();

        assertEquals(1, built.get());
        assertEquals(3, made.get(0).inner.opened().size());
    }

    @Test
    void tracksOpenedAtTheSameMomentBuildOneDecoder() throws Exception {
        FirstUseDecoder decoder = new FirstUseDecoder(this::make);
        Path file = FakeDecoder.track(dir, "a", 100);
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> opened = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    try (DecodedTrack track = decoder.open(file, 0)) {
                        return track.durationMs();
                    }
                }));
            }
            go.countDown();
            for (Future<Long> f : opened) {
                assertEquals(100, f.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, built.get());
    }

    @Test
    void closingBeforeAnyTrackBuildsNothingAndRefusesLaterTracks() {
        FirstUseDecoder decoder = new FirstUseDecoder(this::make);

        decoder.close();
        AudioException e = assertThrows(AudioException.class, () -> decoder.open(FakeDecoder.track(dir, "a", 100), 0));

        assertEquals("The decoder is closed", e.getMessage());
        assertEquals(0, built.get());
    }

    @Test
    void closingClosesTheBuiltDecoder() {
        FirstUseDecoder decoder = new FirstUseDecoder(this::make);
        decoder.open(FakeDecoder.track(dir, "a", 100), 0).close();

        decoder.close();

        assertTrue(made.get(0).closed);
        assertThrows(AudioException.class, () -> decoder.open(FakeDecoder.track(dir, "b", 100), 0));
        assertEquals(1, built.get());
    }

    @Test
    void aBadFileFailsAsTheRealDecoderSaysAndTheDecoderStaysUsable() {
        FirstUseDecoder decoder = new FirstUseDecoder(this::make);

        assertThrows(AudioException.class, () -> decoder.open(dir.resolve("missing.mp3"), 0));
        decoder.open(FakeDecoder.track(dir, "a", 100), 0).close();

        assertEquals(1, built.get());
    }

    @Test
    void aDecoderThatCannotBeBuiltFailsTheTrackAndIsTriedAgainNextTime() {
        AtomicInteger attempts = new AtomicInteger();
        FirstUseDecoder decoder = new FirstUseDecoder(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no native library");
            }
            return make();
        });
        Path file = FakeDecoder.track(dir, "a", 100);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> decoder.open(file, 0));
        assertEquals("no native library", e.getMessage());
        assertFalse(decoder.built());

        decoder.open(file, 0).close();
        assertEquals(2, attempts.get());
        assertEquals(List.of(file), made.get(0).inner.opened());
    }

    @Test
    void aFactoryThatGivesNothingIsRefused() {
        assertThrows(NullPointerException.class, () -> new FirstUseDecoder(null));
        FirstUseDecoder decoder = new FirstUseDecoder(() -> null);

        NullPointerException e =
                assertThrows(NullPointerException.class, () -> decoder.open(FakeDecoder.track(dir, "a", 100), 0));
        assertEquals("the decoder factory returned null", e.getMessage());
        assertFalse(decoder.built());
    }
}
