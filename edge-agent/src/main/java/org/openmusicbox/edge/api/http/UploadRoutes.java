package org.openmusicbox.edge.api.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openmusicbox.edge.api.Payload;
import org.openmusicbox.edge.box.BoxError;
import org.openmusicbox.edge.box.StorageRefusal;
import org.openmusicbox.edge.upload.UploadSession;
import org.openmusicbox.edge.upload.Uploads;
import org.openmusicbox.protocol.v1.http.ApiSuccess;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The chunked upload API of the original system (differences in docs/protocol.md). Every refusal is a 4xx
 * error envelope. Chunk bodies are multipart/form-data with the bytes in field {@code file}; one
 * chunk (at most 1 MiB) is held in memory at a time, never a whole file. Card I/O runs on Reactor's
 * bounded-elastic workers; only finalize's library write runs on the box thread, as an operation.
 */
public final class UploadRoutes {

    /** Room for the multipart headers and boundaries around the largest chunk. */
    static final int MAX_CHUNK_BODY = Uploads.MAX_CHUNK_BYTES + 16 * 1024;

    static final int MAX_LIST = 100;

    private final Uploads uploads;
    private final HttpOperations ops;
    private final Replies replies;
    private final Duration defaultMaxAge;

    public UploadRoutes(Uploads uploads, HttpOperations ops) {
        this(uploads, ops, Uploads.DEFAULT_MAX_AGE);
    }

    public UploadRoutes(Uploads uploads, HttpOperations ops, Duration defaultMaxAge) {
        this.uploads = uploads;
        this.ops = ops;
        this.replies = ops.replies();
        this.defaultMaxAge = defaultMaxAge;
    }

    public void addTo(Routes routes) {
        routes.add(HttpMethod.POST, "/api/playlists/{id}/uploads/session", Access.PARENT, this::create)
                .add(HttpMethod.PUT, "/api/playlists/{id}/uploads/{sid}/chunks/{index}", Access.PARENT, this::chunk)
                .add(HttpMethod.POST, "/api/playlists/{id}/uploads/{sid}/finalize", Access.PARENT, this::finalizeUpload)
                .add(HttpMethod.GET, "/api/playlists/{id}/uploads/{sid}", Access.READ, this::status)
                .add(HttpMethod.GET, "/api/uploads/sessions", Access.READ, this::list)
                .add(HttpMethod.DELETE, "/api/uploads/sessions/{sid}", Access.PARENT, this::cancel)
                .add(HttpMethod.POST, "/api/uploads/cleanup", Access.PARENT, this::cleanup);
    }

    private Mono<ServerResponse> create(ServerRequest request) {
        String playlistId = request.pathVariable("id");
        return ops.withBody(request, p -> {
            String filename = p.requiredString("filename", 10_000);
            Long size = p.has("file_size") ? p.optionalLong("file_size", 0, Long.MAX_VALUE) : null;
            if (!p.has("file_size")) {
                p.requiredInt("file_size", 0, Integer.MAX_VALUE); // records "file_size is required"
            }
            Integer chunkSize = p.optionalInt("chunk_size", 1, Integer.MAX_VALUE);
            String hash = p.optionalString("file_hash", 200);
            return work(
                    () -> {
                        p.check();
                        UploadSession s = uploads.create(playlistId, filename, size, chunkSize, hash);
                        return Map.of(
                                "session_id",
                                s.id(),
                                "chunk_size",
                                s.chunkSize(),
                                "total_chunks",
                                s.totalChunks(),
                                "session",
                                s.view());
                    },
                    HttpStatus.CREATED,
                    "Upload session created");
        });
    }

    private Mono<ServerResponse> chunk(ServerRequest request) {
        String playlistId = request.pathVariable("id");
        String sessionId = request.pathVariable("sid");
        int index;
        try {
            index = Integer.parseInt(request.pathVariable("index"));
        } catch (NumberFormatException e) {
            return replies.error(
                    BoxError.invalid(
                            List.of(new BoxError.FieldProblem("chunk_index", "chunk index must be a whole number"))),
                    null);
        }
        String contentType =
                request.headers().contentType().map(Object::toString).orElse("");
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_CHUNK_BODY)
                .map(UploadRoutes::bytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> BoxError.invalid(List.of(new BoxError.FieldProblem(
                                "file",
                                "The chunk is larger than the largest chunk size (" + Uploads.MAX_CHUNK_BYTES
                                        + " bytes)"))))
                .flatMap(body -> work(
                        () -> {
                            Multipart.Part part = Multipart.filePart(body, contentType, "file");
                            Uploads.ChunkStored stored = uploads.receiveChunk(
                                    playlistId, sessionId, index, body, part.offset(), part.length());
                            return Map.of(
                                    "session",
                                    stored.session(),
                                    "chunk_index",
                                    stored.chunkIndex(),
                                    "progress",
                                    stored.progress(),
                                    "duplicate",
                                    stored.duplicate());
                        },
                        HttpStatus.OK,
                        "Chunk stored"))
                .onErrorResume(this::refusal);
    }

    private Mono<ServerResponse> finalizeUpload(ServerRequest request) {
        String playlistId = request.pathVariable("id");
        String sessionId = request.pathVariable("sid");
        return ops.withBody(request, p -> {
            String hash = p.optionalString("file_hash", 200);
            Uploads.Override override = Uploads.Override.NONE;
            if (p.has("metadata_override")) {
                Payload o = Payload.of(p.node().get("metadata_override"));
                override = new Uploads.Override(
                        o.optionalString("title", 255),
                        o.optionalString("artist", 255),
                        o.optionalString("album", 255));
                try {
                    o.check();
                } catch (BoxError e) {
                    return ops.run(p, "upload_finalize", HttpStatus.OK, "Upload finalized", () -> {
                        throw BoxError.invalid(e.problems().stream()
                                .map(q -> new BoxError.FieldProblem(
                                        "metadata_override." + q.field(),
                                        q.field() != null && q.message().startsWith(q.field())
                                                ? "metadata_override." + q.message()
                                                : q.message()))
                                .toList());
                    });
                }
            }
            Uploads.Override chosen = override;
            // The card work first, on a worker; then the library write as an operation on the box
            // thread, which also answers client_op_id with ack:op or err:op, refusals included.
            return Mono.fromCallable(() -> {
                        p.check();
                        return (Object) uploads.prepare(playlistId, sessionId, hash, chosen);
                    })
                    .subscribeOn(Schedulers.boundedElastic())
                    .onErrorResume(e ->
                            StorageRefusal.of(e).<Mono<Object>>map(Mono::just).orElseGet(() -> Mono.error(e)))
                    .flatMap(prepared -> ops.run(p, "upload_finalize", HttpStatus.OK, "Upload finalized", () -> {
                        if (prepared instanceof BoxError refused) {
                            throw refused;
                        }
                        Uploads.Finalized done = uploads.commit((Uploads.Prepared) prepared);
                        java.util.Map<String, Object> data = new java.util.LinkedHashMap<>();
                        data.put("track", done.track());
                        data.put("metadata", done.metadata());
                        data.put("session", done.session());
                        return data;
                    }));
        });
    }

    private Mono<ServerResponse> status(ServerRequest request) {
        String playlistId = request.pathVariable("id");
        String sessionId = request.pathVariable("sid");
        return work(() -> uploads.session(playlistId, sessionId).view(), HttpStatus.OK, "Upload session");
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        String status = null;
        int limit;
        try {
            String word = request.queryParam("status").orElse(null);
            if (word != null && !word.isBlank()) {
                status = word.strip().toLowerCase(java.util.Locale.ROOT);
                if (!UploadSession.SHOWN_STATUSES.contains(status)) {
                    throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                            "status", "status must be one of " + String.join(", ", UploadSession.SHOWN_STATUSES))));
                }
            }
            limit = queryInt(request, "limit", 50, 1, MAX_LIST);
        } catch (BoxError e) {
            return replies.error(e, null);
        }
        String chosen = status;
        return work(
                () -> Map.of(
                        "sessions",
                        uploads.list(chosen, limit).stream()
                                .map(UploadSession::view)
                                .toList()),
                HttpStatus.OK,
                "Upload sessions");
    }

    private Mono<ServerResponse> cancel(ServerRequest request) {
        String sessionId = request.pathVariable("sid");
        return work(() -> uploads.cancel(sessionId).view(), HttpStatus.OK, "Upload session cancelled");
    }

    private Mono<ServerResponse> cleanup(ServerRequest request) {
        int hours;
        try {
            hours = queryInt(request, "max_age_hours", (int) Math.max(1, defaultMaxAge.toHours()), 1, 168);
        } catch (BoxError e) {
            return replies.error(e, null);
        }
        return work(
                () -> Map.of("cleaned_sessions", uploads.cleanup(Duration.ofHours(hours))),
                HttpStatus.OK,
                "Old upload sessions removed");
    }

    /** Runs card or database work on a worker thread and answers with its result or its refusal. */
    private Mono<ServerResponse> work(Callable<Object> what, HttpStatus status, String message) {
        return Mono.fromCallable(what)
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(data -> replies.success(status, ApiSuccess.of(message, data)))
                .onErrorResume(this::refusal);
    }

    /** A refusal, or a full, read-only or damaged card, as its error envelope; anything else stays an error. */
    private Mono<ServerResponse> refusal(Throwable e) {
        return StorageRefusal.of(e).map(b -> replies.error(b, null)).orElseGet(() -> Mono.error(e));
    }

    private static int queryInt(ServerRequest request, String name, int fallback, int min, int max) {
        String text = request.queryParam(name).orElse(null);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw BoxError.invalid(
                List.of(new BoxError.FieldProblem(name, name + " must be a whole number from " + min + " to " + max)));
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /**
     * Finds one field of a multipart/form-data body held in memory (one chunk), without copying it:
     * the answer is where its bytes are in the body.
     */
    static final class Multipart {

        record Part(int offset, int length) {}

        private Multipart() {}

        static Part filePart(byte[] body, String contentType, String field) {
            String boundary = boundary(contentType);
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int at = indexOf(body, delimiter, 0);
            while (at >= 0) {
                int lineEnd = at + delimiter.length;
                if (lineEnd + 1 < body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                    break; // closing delimiter
                }
                int headersStart = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), lineEnd);
                int headersEnd = headersStart < 0
                        ? -1
                        : indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
                if (headersEnd < 0) {
                    break;
                }
                String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
                int contentStart = headersEnd + 4;
                byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
                int contentEnd = indexOf(body, next, contentStart);
                if (contentEnd < 0) {
                    break;
                }
                if (named(headers, field)) {
                    return new Part(contentStart, contentEnd - contentStart);
                }
                at = contentEnd + 2;
            }
            throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                    field, "The request must be multipart/form-data with the chunk's bytes in field '" + field + "'")));
        }

        private static boolean named(String headers, String field) {
            for (String line : headers.split("\r\n")) {
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-disposition:")
                        && (lower.contains("name=\"" + field + "\"")
                                || lower.matches(".*;\\s*name=" + field + "(;.*|\\s*)$"))) {
                    return true;
                }
            }
            return false;
        }

        private static String boundary(String contentType) {
            String lower = contentType.toLowerCase(java.util.Locale.ROOT);
            int at = lower.indexOf("boundary=");
            if (!lower.startsWith("multipart/form-data") || at < 0) {
                throw BoxError.invalid(List.of(new BoxError.FieldProblem(
                        "file", "The request must be multipart/form-data with the chunk's bytes in field 'file'")));
            }
            String b = contentType.substring(at + "boundary=".length());
            int semicolon = b.indexOf(';');
            if (semicolon >= 0) {
                b = b.substring(0, semicolon);
            }
            b = b.strip();
            if (b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2) {
                b = b.substring(1, b.length() - 1);
            }
            if (b.isEmpty() || b.length() > 200) {
                throw BoxError.invalid("The multipart boundary is missing or too long");
            }
            return b;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
