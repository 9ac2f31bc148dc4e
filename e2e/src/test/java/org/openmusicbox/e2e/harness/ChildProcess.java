package org.openmusicbox.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process of the system under test, its output appended to its log file (a restart adds to
 * the same file under a marker line). Stopped with SIGTERM or killed with SIGKILL, never left behind: a JVM
 * shutdown hook kills what a failed test did not close.
 */
final class ChildProcess {

    private final String name;
    private final Path log;
    private final Process process;

    private ChildProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    static ChildProcess start(String name, Path log, List<String> command, Map<String, String> env) {
        try {
            Files.writeString(
                    log,
                    "\n===== start " + Instant.now() + ": " + String.join(" ", command) + " =====\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }));
            return new ChildProcess(name, log, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    String tail() {
        return Logs.tail(log, 40);
    }

    /** SIGKILL: no shutdown hook, no flush, as a power cut or the OOM killer. */
    void kill() {
        // A command prefix (faketime) runs the real process as its child: signalled too, or it would outlive the test.
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (!awaitExit(10, tree)) {
            throw new IllegalStateException(name + " did not die within 10 s of SIGKILL");
        }
    }

    /** SIGTERM, as systemd stops a service; SIGKILL after 20 s. */
    void stop() {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!awaitExit(20, tree)) {
            kill();
        }
    }

    private boolean awaitExit(int seconds, List<ProcessHandle> tree) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                return false;
            }
            for (ProcessHandle child : tree) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return !child.isAlive();
                }
                child.onExit().get(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " stopped", e);
        }
    }

    /** Fails with the log's tail when the process ended, so a crash is reported as such and not as a timeout. */
    void requireAlive(String during) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited (code " + process.exitValue() + ") during " + during
                    + "; last lines of " + log + ":\n" + tail());
        }
    }
}
