package org.openmusicbox.cloud.youtube.ytdlp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openmusicbox.cloud.youtube.Cancellation;
import org.openmusicbox.cloud.youtube.DownloadFailed;
import org.openmusicbox.cloud.youtube.DownloadFailed.Reason;

/**
 * Runs one external program from an argument list (never through a shell), feeds each stdout line to a
 * consumer, keeps the last lines of stderr, and kills the process with its children when the deadline
 * passes or the job is cancelled.
 */
final class ProcessRunner {

    private static final int KEPT_ERROR_LINES = 40;

    record Result(int exitCode, String stdout, String stderr) {}

    private ProcessRunner() {}

    /**
     * Runs {@code command}. When {@code lines} is null, stdout is collected and returned whole; otherwise each
     * line goes to {@code lines} and {@link Result#stdout()} is empty.
     */
    static Result run(
            List<String> command, Path workDir, Consumer<String> lines, Cancellation cancellation, Instant deadline) {
        if (cancellation.isCancelled()) {
            throw new DownloadFailed(Reason.CANCELLED, "The download was cancelled");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DownloadFailed(
                    Reason.TOOL_MISSING,
                    "The server cannot run " + Path.of(command.get(0)).getFileName()
                            + "; it is not installed where the configuration says",
                    e.getMessage(),
                    e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Nothing will be written to it anyway.
        }
        StringBuilder stdout = new StringBuilder();
        Deque<String> stderr = new ArrayDeque<>();
        Thread outReader = reader(
                process.getInputStream(),
                line -> {
                    if (lines == null) {
                        stdout.append(line).append('\n');
                    } else {
                        lines.accept(line);
                    }
                },
                "out");
        Thread errReader = reader(
                process.getErrorStream(),
                line -> {
                    synchronized (stderr) {
                        stderr.addLast(line);
                        if (stderr.size() > KEPT_ERROR_LINES) {
                            stderr.removeFirst();
                        }
                    }
                },
                "err");
        try (AutoCloseable hook = cancellation.onCancel(() -> kill(process))) {
            boolean finished = false;
            while (!finished) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    kill(process);
                    throw new DownloadFailed(Reason.TIMEOUT, "The download took too long and was stopped");
                }
                finished = process.waitFor(Math.min(left, 200), TimeUnit.MILLISECONDS);
                if (cancellation.isCancelled()) {
                    kill(process);
                    throw new DownloadFailed(Reason.CANCELLED, "The download was cancelled");
                }
            }
            outReader.join(5_000);
            errReader.join(5_000);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new DownloadFailed(Reason.CANCELLED, "The download was cancelled");
        } catch (DownloadFailed e) {
            throw e;
        } catch (Exception e) {
            kill(process);
            throw new DownloadFailed(Reason.FAILED, "The download failed", e.toString(), e);
        }
        String err;
        synchronized (stderr) {
            err = String.join("\n", stderr);
        }
        return new Result(process.exitValue(), stdout.toString(), err);
    }

    /** Kills the process and whatever it started (yt-dlp runs ffmpeg as a child). */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Thread reader(InputStream stream, Consumer<String> sink, String name) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            sink.accept(line);
                        }
                    } catch (IOException | UncheckedIOException e) {
                        // The process was killed; nothing more to read.
                    }
                },
                "omb-process-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
