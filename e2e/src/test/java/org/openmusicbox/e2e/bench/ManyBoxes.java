package org.openmusicbox.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openmusicbox.e2e.harness.Stack;

/**
 * The cloud handling many boxes at once (bench/README.md, "sync"): {@code --boxes} simulated boxes on the shipped
 * ACL's device listener, each with its own login, publish {@code --batches} batches of {@code --batch} changes
 * against one cloud app, then pull their logs. Measures the changes applied per second overall, the time from a
 * publish to each change's result, and checks that every change got exactly one result and is in its box's log once.
 */
public final class ManyBoxes {

    private ManyBoxes() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options(args, Set.of("boxes", "batches", "batch"));
        int boxes = Math.max(1, o.number("boxes", 50, 10));
        int batches = Math.max(1, o.number("batches", 10, 3));
        int size = Math.max(1, o.number("batch", 20, 10));
        Figures f = new Figures("many-boxes")
                .put("boxes", boxes)
                .put("batches", batches)
                .put("batch", size);
        String[] ids = new String[boxes];
        for (int i = 0; i < boxes; i++) {
            ids[i] = "sim-" + i;
        }
        Path dir = Files.createTempDirectory("omb-bench-many");
        boolean correct;
        ExecutorService pool = Executors.newFixedThreadPool(boxes);
        try (Stack stack = Stack.start(ManyBoxes.class, dir, ids)) {
            List<SimulatedBox> sims = new ArrayList<>();
            try {
                for (String id : ids) {
                    sims.add(new SimulatedBox(stack.broker(), id));
                }
                long start = System.nanoTime();
                all(pool, sims, sim -> {
                    sim.publish(batches, size);
                    return 0;
                });
                double seconds = (System.nanoTime() - start) / 1e9;
                long pullStart = System.nanoTime();
                List<Integer> logged = all(pool, sims, SimulatedBox::pullLog);
                double pullSeconds = (System.nanoTime() - pullStart) / 1e9;

                List<Double> latencies = new ArrayList<>();
                int wrong = 0;
                int rejected = 0;
                int notLoggedOnce = 0;
                long published = 0;
                for (int i = 0; i < sims.size(); i++) {
                    SimulatedBox sim = sims.get(i);
                    latencies.addAll(sim.latenciesMs());
                    wrong += sim.notAnsweredOnce();
                    rejected += sim.rejected();
                    published += sim.published();
                    if (logged.get(i) != sim.published()) {
                        notLoggedOnce++;
                    }
                }
                double[] l = latencies.stream().mapToDouble(Double::doubleValue).toArray();
                f.put("changes", published)
                        .put("seconds", Math.round(seconds * 1000) / 1000.0)
                        .put("changes_per_s", Figures.round(published / seconds))
                        .put("batches_per_s", Figures.round(published / (double) size / seconds))
                        .put("result_p50_ms", Figures.round(Figures.percentile(l, 50)))
                        .put("result_p99_ms", Figures.round(Figures.percentile(l, 99)))
                        .put("result_max_ms", Figures.round(Figures.percentile(l, 100)))
                        .put("pull_all_logs_s", Math.round(pullSeconds * 1000) / 1000.0)
                        .put("not_answered_exactly_once", wrong)
                        .put("rejected", rejected)
                        .put("boxes_whose_log_differs", notLoggedOnce);
                correct =
                        wrong == 0 && rejected == 0 && notLoggedOnce == 0 && published == (long) boxes * batches * size;
            } finally {
                for (SimulatedBox sim : sims) {
                    sim.close();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.exit(f.print(correct));
    }

    interface Step<T> {
        T run(SimulatedBox sim) throws Exception;
    }

    /** Runs {@code step} for every box at once; returns their answers in order, or throws the first failure. */
    private static <T> List<T> all(ExecutorService pool, List<SimulatedBox> sims, Step<T> step) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (SimulatedBox sim : sims) {
            Callable<T> task = () -> step.run(sim);
            futures.add(pool.submit(task));
        }
        List<T> answers = new ArrayList<>();
        for (Future<T> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }
}
