package org.openmusicbox.edge.audio.javasound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The sound card adapter on whatever machine runs the tests: on one without a sound card, opening
 * must fail with a reason, quickly, never hang.
 */
class JavaSoundOutputTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private ExecutorService executor;

    @BeforeEach
    void executor() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "java-sound-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    @Test
    void aMixerThatDoesNotExistFailsWithItsName() throws Exception {
        AudioException e =
                within(() -> assertThrows(AudioException.class, () -> JavaSoundOutput.open("no-such-sound-card-4711")));

        assertTrue(e.getMessage().contains("no-such-sound-card-4711"), e.getMessage());
        assertTrue(e.getMessage().contains("output devices:"), "the reason lists what there is: " + e.getMessage());
    }

    @Test
    void theDefaultDeviceOpensOrFailsWithAReasonWithoutHanging() throws Exception {
        Object outcome = within(() -> {
            try {
                return JavaSoundOutput.open(null);
            } catch (AudioException e) {
                return e;
            }
        });

        if (outcome instanceof JavaSoundOutput output) {
            try (output) {
                DeviceStatus status = output.status();
                assertEquals(DeviceStatus.State.AVAILABLE, status.state());
                assertEquals(output.mixerName(), status.detail());
                assertTrue(JavaSoundOutput.mixerNames().contains(output.mixerName()));
                // A short write must go through a real line without blocking for long.
                byte[] pcm = new byte[(int) PcmFormat.STANDARD.millisToBytes(50)];
                within(() -> {
                    output.write(pcm, 0, pcm.length);
                    output.pause();
                    output.flush();
                    return null;
                });
            }
        } else {
            AudioException e = (AudioException) outcome;
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void mixerNamesAnswerWithoutHanging() throws Exception {
        List<String> names = within(JavaSoundOutput::mixerNames);

        assertNotNull(names);
        names.forEach(name -> assertFalse(name.isBlank(), "a mixer without a name in " + names));
    }

    private <T> T within(java.util.concurrent.Callable<T> work) throws Exception {
        Future<T> result = executor.submit(work);
        try {
            return result.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("Java Sound did not answer within " + DEADLINE, e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
