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
public record UploadSession(String id, String playlistId, String filename, long fileSize, int chunkSize,
                            int totalChunks, BitSet received, String fileHash, Status status, String errorMessage,
                            Instant createdAt, Instant updatedAt, Instant completedAt, String trackId) {

    public enum Status {
        PENDING, UPLOADING, COMPLETE, FAILED, CANCELLED;

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
        return new UploadSession(id, playlistId, filename, fileSize, chunkSize, totalChunks, bits, fileHash,
                Status.UPLOADING, errorMessage, createdAt, now, completedAt, trackId);
    }

    public UploadSession withStatus(Status next, String error, Instant now) {
        return new UploadSession(id, playlistId, filename, fileSize, chunkSize, totalChunks, received, fileHash,
                next, error, createdAt, now, completedAt, trackId);
    }

    /** Forgets every chunk: their files were removed. */
    public UploadSession withoutChunks() {
        return new UploadSession(id, playlistId, filename, fileSize, chunkSize, totalChunks, new BitSet(), fileHash,
                status, errorMessage, createdAt, updatedAt, completedAt, trackId);
    }

    /** What the API shows of a session. */
    public View view() {
        return new View(id, playlistId, filename, status.word(), fileSize, chunkSize, totalChunks,
                receivedChunks(), missingChunks(), receivedBytes(), progress(), fileHash, trackId, errorMessage,
                createdAt.toString(), updatedAt.toString(), completedAt == null ? null : completedAt.toString());
    }

    public record View(String sessionId, String playlistId, String filename, String status, long fileSize,
                       int chunkSize, int totalChunks, List<Integer> receivedChunks, List<Integer> missingChunks,
                       long receivedBytes, double progressPercentage, String fileHash, String trackId,
                       String errorMessage, String createdAt, String updatedAt, String completedAt) {

        /** The session list of the original API (§4.4 U1) names these differently; both are sent. */
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
