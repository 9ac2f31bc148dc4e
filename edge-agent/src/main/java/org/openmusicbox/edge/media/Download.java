package org.openmusicbox.edge.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openmusicbox.edge.media.MediaException.Reason;

/**
 * One file brought into its {@code .part} with plain HTTP GETs (a presigned S3 URL), resumed with a Range
 * request when a part is already there, and checked against its size and sha256. The bytes already on the
 * card are hashed again on resume rather than trusted from a saved digest: after a power cut the part
 * holds what the card kept, not what was written.
 */
final class Download {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 64 * 1024;

    private final HttpClient http;
    private final Duration headersTimeout;
    private final Duration stallTimeout;

    Download(HttpClient http, Duration headersTimeout, Duration stallTimeout) {
        this.http = http;
        this.headersTimeout = headersTimeout;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Leaves {@code part} holding exactly the {@code size} bytes whose sha256 is {@code sha256}, forced to the
     * card; or throws. A wrong size or hash deletes the part; any other failure keeps it for a resume.
     */
    void into(Path part, String sha256, long size, URI url) {
        // A second round only when the server answered a range other than the one asked for (or 416):
        // the part is then dropped and fetched whole.
        for (int round = 0; round < 2; round++) {
            long have = partSize(part);
            if (have > size) {
                deleteQuietly(part);
                have = 0;
            }
            MessageDigest digest = newDigest();
            if (have > 0) {
                hashPrefix(part, have, digest);
            }
            if (have < size || !Files.exists(part)) {
                if (!receive(part, have, size, url, digest)) {
                    deleteQuietly(part);
                    continue;
                }
            }
            String got = HexFormat.of().formatHex(digest.digest());
            if (!got.equals(sha256)) {
                deleteQuietly(part);
                throw new MediaException(
                        Reason.WRONG_HASH,
                        "downloaded file has sha256 " + got + ", expected " + sha256 + "; the part was deleted");
            }
            return;
        }
        throw new MediaException(
                Reason.SERVER, "the server kept answering another byte range than asked for " + sha256);
    }

    /** Appends the rest of the file from {@code have}; false when the part must be dropped and fetched whole. */
    private boolean receive(Path part, long have, long size, URI url, MessageDigest digest) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url).timeout(headersTimeout).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new MediaException(Reason.INTERRUPTED, "cannot reach " + safe(url) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException(Reason.INTERRUPTED, "download of " + safe(url) + " interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            long from;
            if (status == 403) {
                throw new MediaException(
                        Reason.URL_EXPIRED,
                        "the server refused the download URL (403) " + safe(url)
                                + ": a presigned URL has probably expired and must be renewed; the part is kept");
            } else if (status == 206) {
                Matcher range = CONTENT_RANGE.matcher(
                        response.headers().firstValue("Content-Range").orElse(""));
                if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                    return false;
                }
                if (!range.group(3).equals("*") && Long.parseLong(range.group(3)) != size) {
                    deleteQuietly(part);
                    throw new MediaException(
                            Reason.WRONG_SIZE,
                            "the server's file has " + range.group(3) + " bytes, expected " + size
                                    + "; the part was deleted");
                }
                from = have;
            } else if (status == 200) {
                // The server ignored the Range (or none was asked): the body is the whole file.
                OptionalLong length = response.headers().firstValueAsLong("Content-Length");
                if (length.isPresent() && length.getAsLong() != size) {
                    deleteQuietly(part);
                    throw new MediaException(
                            Reason.WRONG_SIZE,
                            "the server's file has " + length.getAsLong() + " bytes, expected " + size
                                    + "; the part was deleted");
                }
                from = 0;
                digest.reset();
            } else if (status == 416) {
                return false;
            } else {
                throw new MediaException(
                        Reason.SERVER,
                        "the server answered HTTP " + status + " for " + safe(url) + "; the part is kept");
            }
            try (StallGuard guard = new StallGuard(body, stallTimeout)) {
                write(body, guard, part, from, size, digest);
            }
            return true;
        } catch (IOException e) {
            // closing the body of a refused or cut response; what was written is already in the part
            throw new MediaException(Reason.INTERRUPTED, "download of " + safe(url) + " failed: " + e, e);
        }
    }

    private void write(InputStream body, StallGuard guard, Path part, long from, long size, MessageDigest digest) {
        long written = from;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(from);
            out.position(from);
            byte[] buffer = new byte[BUFFER];
            try {
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    if (written + n > size) {
                        out.close();
                        deleteQuietly(part);
                        throw new MediaException(
                                Reason.WRONG_SIZE,
                                "the server sent more than the expected " + size + " bytes; the part was deleted");
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    digest.update(buffer, 0, n);
                    written += n;
                    guard.progress();
                }
            } catch (IOException e) {
                out.force(true);
                String why = guard.stalled() ? "no byte arrived for " + stallTimeout.toSeconds() + " s" : e.toString();
                throw new MediaException(
                        Reason.INTERRUPTED,
                        "download cut after " + written + " of " + size + " bytes (" + why
                                + "); the part is kept and the next fetch resumes it",
                        e);
            }
            out.force(true);
        } catch (IOException e) {
            throw new MediaException(Reason.INTERRUPTED, "cannot write " + part + ": " + e, e);
        }
        if (written < size) {
            throw new MediaException(
                    Reason.INTERRUPTED,
                    "download ended after " + written + " of " + size
                            + " bytes; the part is kept and the next fetch resumes it");
        }
    }

    private static void hashPrefix(Path part, long have, MessageDigest digest) {
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[BUFFER];
            long left = have;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("part shrank while being read");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new MediaException(Reason.INTERRUPTED, "cannot read " + part + ": " + e, e);
        }
    }

    static String sha256Of(Path file) {
        long size = partSize(file);
        MessageDigest digest = newDigest();
        hashPrefix(file, size, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long partSize(Path part) {
        try {
            return Files.exists(part) ? Files.size(part) : 0;
        } catch (IOException e) {
            throw new MediaException(Reason.INTERRUPTED, "cannot read " + part + ": " + e, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the start of the next agent removes a part of no pending download
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The URL without its query: a presigned URL's signature does not belong in a log. */
    static String safe(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
    }
}
