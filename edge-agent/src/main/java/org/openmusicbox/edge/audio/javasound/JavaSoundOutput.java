package org.openmusicbox.edge.audio.javasound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The sound card, through a Java Sound {@link SourceDataLine} (ALSA on Linux) in
 * {@link PcmFormat#STANDARD}. The line's buffer is what paces playback: {@link #write} blocks
 * while it is full.
 */
public final class JavaSoundOutput implements AudioOutput {

    /** The line's buffer: enough to ride out a GC pause on the Pi, short enough for a quick pause. */
    public static final int DEFAULT_BUFFER_MS = 200;

    private static final AudioFormat FORMAT =
            new AudioFormat(PcmFormat.STANDARD.sampleRate(), 16, PcmFormat.STANDARD.channels(), true, false);

    private final SourceDataLine line;
    private final String mixerName;
    private boolean started;

    private JavaSoundOutput(SourceDataLine line, String mixerName) {
        this.line = line;
        this.mixerName = mixerName;
    }

    /** Opens the named mixer (null: the first that plays the standard format) with the default buffer. */
    public static JavaSoundOutput open(String mixerName) {
        return open(mixerName, DEFAULT_BUFFER_MS);
    }

    /**
     * Opens an output line on a mixer. A name matches a mixer's full name (as {@link #mixerNames}
     * lists them, e.g. {@code Headphones [plughw:0,0]}), or failing that a unique part of it
     * ({@code plughw:0,0}), ignoring case.
     *
     * @throws AudioException when no such mixer exists, it cannot play the standard format, or the
     *     device is busy
     */
    public static JavaSoundOutput open(String mixerName, int bufferMs) {
        DataLine.Info wanted = new DataLine.Info(SourceDataLine.class, FORMAT);
        Mixer.Info mixerInfo = mixerName == null ? firstPlaying(wanted) : named(mixerName);
        SourceDataLine line;
        try {
            Mixer mixer = AudioSystem.getMixer(mixerInfo);
            if (!mixer.isLineSupported(wanted)) {
                throw new AudioException("Sound device '" + mixerInfo.getName() + "' cannot play " + describe());
            }
            line = (SourceDataLine) mixer.getLine(wanted);
            line.open(FORMAT, (int) PcmFormat.STANDARD.millisToBytes(bufferMs));
        } catch (LineUnavailableException e) {
            throw new AudioException("Sound device '" + mixerInfo.getName() + "' is unavailable: " + e.getMessage(), e);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new AudioException(
                    "Sound device '" + mixerInfo.getName() + "' cannot be opened: " + e.getMessage(), e);
        }
        return new JavaSoundOutput(line, mixerInfo.getName());
    }

    private static Mixer.Info firstPlaying(DataLine.Info wanted) {
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (AudioSystem.getMixer(info).isLineSupported(wanted)) {
                return info;
            }
        }
        throw new AudioException("No sound device can play " + describe() + " (output devices: " + listed() + ")");
    }

    private static Mixer.Info named(String name) {
        Mixer.Info[] all = AudioSystem.getMixerInfo();
        for (Mixer.Info info : all) {
            if (info.getName().equals(name)) {
                return info;
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        List<Mixer.Info> partial = Arrays.stream(all)
                .filter(JavaSoundOutput::plays)
                .filter(info -> info.getName().toLowerCase(Locale.ROOT).contains(lower))
                .toList();
        if (partial.size() == 1) {
            return partial.get(0);
        }
        throw new AudioException((partial.isEmpty() ? "No sound device named '" : "Several sound devices match '")
                + name + "' (output devices: " + listed() + ")");
    }

    /** Names of the mixers that have an output line, in Java Sound's order. */
    public static List<String> mixerNames() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (plays(info)) {
                names.add(info.getName());
            }
        }
        return names;
    }

    private static boolean plays(Mixer.Info info) {
        return Arrays.stream(AudioSystem.getMixer(info).getSourceLineInfo())
                .anyMatch(line -> SourceDataLine.class.isAssignableFrom(line.getLineClass()));
    }

    private static String listed() {
        List<String> names = mixerNames();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static String describe() {
        return PcmFormat.STANDARD.sampleRate() + " Hz 16-bit " + PcmFormat.STANDARD.channels() + "-channel PCM";
    }

    public String mixerName() {
        return mixerName;
    }

    @Override
    public DeviceStatus status() {
        return DeviceStatus.available(mixerName);
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        if (!started) {
            line.start();
            started = true;
        }
        int done = 0;
        while (done < length) {
            int written = line.write(pcm, offset + done, length - done);
            if (written <= 0 && !line.isOpen()) {
                throw new AudioException("Sound device '" + mixerName + "' was closed");
            }
            done += written;
        }
    }

    @Override
    public void flush() {
        line.flush();
    }

    @Override
    public void pause() {
        line.stop();
        started = false;
    }

    @Override
    public void close() {
        line.close();
    }
}
