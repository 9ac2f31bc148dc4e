package org.openmusicbox.edge.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openmusicbox.edge.box.BoxError;

/**
 * Assembling an upload: its chunks streamed, in order, into {@code <media-dir>/<session-id>.<ext>},
 * the file the library will play. Nothing is left in the media folder when it fails.
 */
final class Assembly {

    private final CardFiles card;
    private final Path mediaDir;

    Assembly(CardFiles card, Path mediaDir) {
        this.card = card;
        this.mediaDir = mediaDir;
    }

    /**
     * @return the assembled file
     * @throws IOException when the card fails the write
     * @throws BoxError 507 when the card has no room for the file
     */
    Path assemble(UploadSession s, String extension) throws IOException {
        Path target = mediaDir.resolve(s.id() + "." + extension);
        try {
            card.requireSpace(s.fileSize());
            card.join(card.chunks(s), target);
            long size = Files.size(target);
            if (size != s.fileSize()) {
                throw new IOException("assembled " + size + " bytes, expected " + s.fileSize());
            }
        } catch (IOException | BoxError e) {
            CardFiles.deleteQuietly(target);
            throw e;
        }
        return target;
    }
}
