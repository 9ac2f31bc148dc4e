package org.openmusicbox.edge.audio;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;
import org.jaudiotagger.tag.images.Artwork;
import org.jaudiotagger.tag.images.ArtworkFactory;

/** Songs with a cover picture in their tags, as a parent's files from a music shop have: an MP3 with ID3v2 art. */
public final class CoverArtFiles {

    private CoverArtFiles() {}

    /** A small PNG of one colour: a picture the test can recognise byte for byte. */
    public static byte[] png(int size, Color colour) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, size, size);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** An MP3 tone (name ending in .mp3) whose tags hold the title and the picture. */
    public static Path mp3(Path dir, String name, String title, byte[] png) throws Exception {
        Path file = ToneFiles.mp3(dir, name, 440, 1_500);
        AudioFile audio = AudioFileIO.read(file.toFile());
        Tag tag = audio.getTagOrCreateAndSetDefault();
        tag.setField(FieldKey.TITLE, title);
        Artwork art = ArtworkFactory.getNew();
        art.setBinaryData(png);
        art.setMimeType("image/png");
        art.setPictureType(3); // front cover
        tag.setField(art);
        audio.commit();
        return file;
    }
}
