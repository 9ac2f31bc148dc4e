package org.openmusicbox.edge.audio.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openmusicbox.edge.audio.AudioException;
import org.openmusicbox.edge.audio.AudioOutput;
import org.openmusicbox.edge.audio.Pacing;
import org.openmusicbox.edge.audio.PcmFormat;
import org.openmusicbox.edge.device.DeviceStatus;

/**
 * The file audio sink for machines without a sound card: everything played is appended to a WAV
 * file in {@link PcmFormat#STANDARD}, at the pace a sound card would take it, so positions,
 * auto-advance and timers behave as on a real box and the result can be listened to afterwards.
 *
 * <p>The header's sizes are brought up to date at least every second of audio and on every flush,
 * pause and close, so the file is a valid WAV whenever it is read (at worst missing the last
 * second's worth in its sizes after a crash). Opening starts a new file. When the data reaches
 * {@code maxMillis} the file starts over, so a sink left running cannot fill the disk.
 */
public final class FileOutput implements AudioOutput {

    /** Ten minutes of audio, about 110 MB. */
    public static final long DEFAULT_MAX_MILLIS = 10 * 60 * 1000;

    static final int HEADER_BYTES = 44;

    private static final PcmFormat FORMAT = PcmFormat.STANDARD;
    private static final long HEADER_EVERY_BYTES = FORMAT.millisToBytes(1000);

    private final Path file;
    private final FileChannel channel;
    private final long maxDataBytes;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long dataBytes;
    private long dataBytesInHeader;
    private final Pacing pacing = new Pacing(FORMAT);
    private volatile String failure;

    private FileOutput(Path file, FileChannel channel, long maxDataBytes) {
        this.file = file;
        this.channel = channel;
        this.maxDataBytes = maxDataBytes;
    }

    /** Starts a new WAV file at {@code file} (replacing one that is there), keeping at most ten minutes. */
    public static FileOutput open(Path file) {
        return open(file, DEFAULT_MAX_MILLIS);
    }

    public static FileOutput open(Path file, long maxMillis) {
        long maxDataBytes = Math.min(FORMAT.millisToBytes(maxMillis), 0xFFFF_FFFFL - HEADER_BYTES);
        if (maxDataBytes < FORMAT.bytesPerFrame()) {
            throw new IllegalArgumentException("A WAV file of " + maxMillis + " ms holds no audio");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            FileOutput output = new FileOutput(file, channel, maxDataBytes);
            output.writeHeader();
            return output;
        } catch (IOException e) {
            throw new AudioException("Cannot write audio to " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public DeviceStatus status() {
        String failed = failure;
        return failed != null ? DeviceStatus.failed(failed) : DeviceStatus.available("writing to " + file);
    }

    @Override
    public void write(byte[] pcm, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > pcm.length) {
            throw new IndexOutOfBoundsException("PCM range " + offset + "+" + length + " outside " + pcm.length);
        }
        try {
            if (dataBytes + length > maxDataBytes) {
                channel.truncate(HEADER_BYTES);
                dataBytes = 0;
                writeHeader();
            }
            ByteBuffer data = ByteBuffer.wrap(pcm, offset, length);
            long position = HEADER_BYTES + dataBytes;
            while (data.hasRemaining()) {
                position += channel.write(data, position);
            }
            dataBytes += length;
            if (dataBytes - dataBytesInHeader >= HEADER_EVERY_BYTES) {
                writeHeader();
            }
        } catch (IOException e) {
            failure = "Cannot write audio to " + file + ": " + e.getMessage();
            throw new AudioException(failure, e);
        }
        pacing.wrote(length);
    }

    @Override
    public void flush() {
        pacing.restart();
        updateHeader();
    }

    @Override
    public void pause() {
        pacing.restart();
        updateHeader();
    }

    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try (channel) {
            writeHeader();
            channel.force(true);
        } catch (IOException e) {
            failure = "Cannot finish " + file + ": " + e.getMessage();
            throw new AudioException(failure, e);
        }
    }

    private void updateHeader() {
        if (dataBytes == dataBytesInHeader || !channel.isOpen()) {
            return;
        }
        try {
            writeHeader();
        } catch (IOException e) {
            failure = "Cannot write audio to " + file + ": " + e.getMessage();
            throw new AudioException(failure, e);
        }
    }

    private void writeHeader() throws IOException {
        int blockAlign = FORMAT.bytesPerFrame();
        header.clear();
        header.put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVE"));
        header.put(ascii("fmt "))
                .putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) FORMAT.channels())
                .putInt(FORMAT.sampleRate())
                .putInt(FORMAT.sampleRate() * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) 16);
        header.put(ascii("data")).putInt((int) dataBytes);
        header.flip();
        long position = 0;
        while (header.hasRemaining()) {
            position += channel.write(header, position);
        }
        dataBytesInHeader = dataBytes;
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
