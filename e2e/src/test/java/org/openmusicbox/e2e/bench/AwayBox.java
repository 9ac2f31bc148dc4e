package org.openmusicbox.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openmusicbox.e2e.harness.BoxProcess;
import org.openmusicbox.e2e.harness.Pairing;
import org.openmusicbox.e2e.harness.RelayProcess;
import org.openmusicbox.e2e.harness.Stack;

/**
 * The e2e stack with one box (the design's small-footprint JVM, from run.sh) and two relay instances, and a phone
 * paired through the first: what the relay benchmarks measure through.
 */
final class AwayBox implements AutoCloseable {

    static final String DEVICE = "away-box";

    final Stack stack;
    final BoxProcess box;
    final List<RelayProcess> relays;
    final Pairing.Phone phone;

    AwayBox(Class<?> owner, Path dir) {
        String wrapper = System.getProperty("omb.bench.box-jvm");
        if (wrapper == null || !Files.isExecutable(Path.of(wrapper))) {
            throw new IllegalStateException("-Domb.bench.box-jvm must name bench/sync/design-jvm.sh, was " + wrapper);
        }
        stack = Stack.start(owner, dir, DEVICE);
        try {
            box = stack.box(DEVICE, stack.broker().deviceUrl(), List.of(wrapper));
            box.awaitConnected(Stack.CONVERGE);
            relays = List.of(stack.relay("relay-one"), stack.relay("relay-two"));
            phone = Pairing.pair(box, relays.get(0), "Bench phone");
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public void close() {
        stack.close();
    }
}
