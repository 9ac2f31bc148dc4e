package org.openmusicbox.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.Cable;
import org.openmusicbox.e2e.harness.Stack;

/**
 * The e2e stack with one box behind a {@link Cable}, so the benchmark can cut its link and restore it, the box's JVM
 * started with the design's small-footprint flags ({@code bench/sync/design-jvm.sh}, given by run.sh).
 */
final class OneBox implements AutoCloseable {

    static final String DEVICE = "bench-box";

    final Stack stack;
    final Cable cable;
    final BoxProcess box;

    OneBox(Class<?> owner, Path dir) {
        String wrapper = System.getProperty("omb.bench.box-jvm");
        if (wrapper == null || !Files.isExecutable(Path.of(wrapper))) {
            throw new IllegalStateException("-Domb.bench.box-jvm must name bench/sync/design-jvm.sh, was " + wrapper);
        }
        stack = Stack.start(owner, dir, DEVICE);
        try {
            cable = stack.cable();
            box = stack.box(DEVICE, cable.url(), List.of(wrapper));
            box.awaitConnected(Stack.CONVERGE);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Creates {@code count} playlists and waits until the cloud has them; returns their ids. */
    List<String> playlists(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(box.library().createPlaylist("p" + i));
        }
        box.awaitDrained(Stack.CONVERGE);
        return ids;
    }

    /** Cuts the link and waits until the box has noticed. */
    void cut() {
        cable.cut();
        box.awaitDisconnected(Stack.CONVERGE);
    }

    /**
     * {@code edits} LAN edits through the box's HTTP API from {@code threads} clients: edit i sets the title (even
     * rounds) or the description (odd rounds) of playlist {@code i % playlists.size()}, so each is one field change.
     */
    void edit(List<String> playlists, int edits, int threads) throws Exception {
        inParallel(edits, threads, i -> {
            String id = playlists.get(i % playlists.size());
            if ((i / playlists.size()) % 2 == 0) {
                box.library().rename(id, "title " + i);
            } else {
                box.library().describe(id, "description " + i);
            }
        });
    }

    /** Creates {@code count} playlists, each with a title and a description, from {@code threads} clients. */
    void create(int count, int threads) throws Exception {
        inParallel(
                count,
                threads,
                i -> box.http()
                        .send("POST", "/api/playlists", Map.of("title", "o" + i, "description", "d" + i))
                        .okBody("create playlist o" + i));
    }

    /** Runs {@code step} for 0 .. count-1, spread over {@code threads} threads; rethrows the first failure. */
    private static void inParallel(int count, int threads, IntConsumer step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        step.accept(i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
