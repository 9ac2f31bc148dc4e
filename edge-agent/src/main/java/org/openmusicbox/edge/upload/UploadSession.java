package org.openmusicbox.edge.upload;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * One file being sent from a phone in chunks. Chunk {@code n} covers bytes
 * {@code n * chunkSize .. min(fileSize, (n + 1) * chunkSize)}; every chunk but the last is exactly
 * {@code chunkSize} long. Immutable: each change makes a new session.
 */
public record UploadSession(
        String id,
        String playlistId,
        String filename,
        long fileSize,
        int chunkSize,
        int totalChunks,
        BitSet received,
        String fileHash,
        Status status,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String trackId) {

    /**
     * The stored state: {@code COMPLETE} is finalized (the track was added), {@code FAILED} refused.
     * The API shows the original's words instead, see {@link #shownStatus()}.
     */
    public enum Status {
        PENDING,
        UPLOADING,
        COMPLETE,
        FAILED,
        CANCELLED;

        /** The word in the database (its CHECK constraint names these). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status of(String word) {
            return valueOf(word.toUpperCase(Locale.ROOT));
        }

        /** Whether chunks may still arrive and finalize may still run. */
        public boolean open() {
            return this == PENDING || this == UPLOADING;
        }
    }

    public UploadSession {
        received = (BitSet) received.clone();
    }

    @Override
    public BitSet received() {
        return (BitSet) received.clone();
    }

    /** How many bytes chunk {@code index} must hold. */
    public int chunkLength(int index) {
        long start = (long) index * chunkSize;
        return (int) Math.min(chunkSize, fileSize - start);
    }

    public boolean has(int index) {
        return received.get(index);
    }

    public List<Integer> receivedChunks() {
        return received.stream().boxed().toList();
    }

    public List<Integer> missingChunks() {
        List<Integer> missing = new ArrayList<>();
        for (int i = received.nextClearBit(0); i < totalChunks; i = received.nextClearBit(i + 1)) {
            missing.add(i);
        }
        return missing;
    }

    public boolean allReceived() {
        return received.cardinality() == totalChunks;
    }

    public long receivedBytes() {
        long bytes = (long) received.cardinality() * chunkSize;
        if (received.get(totalChunks - 1)) {
            bytes -= chunkSize - chunkLength(totalChunks - 1);
        }
        return bytes;
    }

    /** Progress by bytes, 0 to 100 with two decimals. */
    public double progress() {
        return fileSize == 0 ? 0 : Math.round(receivedBytes() * 10_000.0 / fileSize) / 100.0;
    }

    public UploadSession withChunk(int index, Instant now) {
        BitSet bits = received();
        bits.set(index);
        return new UploadSession(
                id,
                playlistId,
                filename,
                fileSize,
                chunkSize,
                totalChunks,
                bits,
                fileHash,
                Status.UPLOADING,
                errorMessage,
                createdAt,
                now,
                completedAt,
                trackId);
    }

    public UploadSession withStatus(Status next, String error, Instant now) {
        return new UploadSession(
                id,
                playlistId,
                filename,
                fileSize,
                chunkSize,
                totalChunks,
                received,
                fileHash,
                next,
                error,
                createdAt,
                now,
                completedAt,
                trackId);
    }

    /** Forgets every chunk: their files were removed. */
    public UploadSession withoutChunks() {
        return new UploadSession(
                id,
                playlistId,
                filename,
                fileSize,
                chunkSize,
                totalChunks,
                new BitSet(),
                fileHash,
                status,
                errorMessage,
                createdAt,
                updatedAt,
                completedAt,
                trackId);
    }

    /** The words the API shows, in the order a session goes through them (docs/protocol.md). */
    public static final List<String> SHOWN_STATUSES =
            List.of("pending", "uploading", "completed", "error", "cancelled");

    /**
     * The status as the original's clients read it (docs/protocol.md): {@code pending} before the first chunk,
     * {@code uploading} while chunks are missing, {@code completed} once every chunk arrived, before
     * finalize and after it ({@link #finalized()} tells which), {@code error} when the box refused the
     * file, and {@code cancelled}, which U1 does not name, after {@code DELETE /api/uploads/sessions/{id}}.
     */
    public String shownStatus() {
        return switch (status) {
            case PENDING -> "pending";
            case UPLOADING -> allReceived() ? "completed" : "uploading";
            case COMPLETE -> "completed";
            case FAILED -> "error";
            case CANCELLED -> "cancelled";
        };
    }

    /** Whether finalize added the track; a second finalize answers with that track again. */
    public boolean finalized() {
        return trackId != null;
    }

    /** The status in words for messages: {@code finalized} is told apart from a completed session. */
    public String describe() {
        return finalized() ? "finalized" : shownStatus();
    }

    /**
     * When the last chunk arrived. A stored uploading session is last changed by its last chunk; a
     * finalized one keeps its finalize time, as before.
     */
    private String completedAtShown() {
        if (completedAt != null) {
            return completedAt.toString();
        }
        return status == Status.UPLOADING && allReceived() ? updatedAt.toString() : null;
    }

    /** What the API shows of a session. */
    public View view() {
        return new View(
                id,
                playlistId,
                filename,
                shownStatus(),
                finalized(),
                fileSize,
                chunkSize,
                totalChunks,
                receivedChunks(),
                missingChunks(),
                receivedBytes(),
                progress(),
                fileHash,
                trackId,
                errorMessage,
                createdAt.toString(),
                updatedAt.toString(),
                completedAtShown(),
                completedAt == null ? null : completedAt.toString());
    }

    public record View(
            String sessionId,
            String playlistId,
            String filename,
            String status,
            boolean finalized,
            long fileSize,
            int chunkSize,
            int totalChunks,
            List<Integer> receivedChunks,
            List<Integer> missingChunks,
            long receivedBytes,
            double progressPercentage,
            String fileHash,
            String trackId,
            String errorMessage,
            String createdAt,
            String updatedAt,
            String completedAt,
            String finalizedAt) {

        /** The session list of the original API names these differently; both are sent. */
        @JsonProperty("chunks_uploaded")
        public int chunksUploaded() {
            return receivedChunks.size();
        }

        @JsonProperty("chunks_total")
        public int chunksTotal() {
            return totalChunks;
        }

        @JsonProperty("progress_percent")
        public double progressPercent() {
            return progressPercentage;
        }
    }
}
