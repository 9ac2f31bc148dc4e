package org.openmusicbox.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One schema step: {@code db/migration/V<version>__<name>.sql} among a module's resources. The files are
 * listed, in order, in {@code db/migration/index.txt} (one file name a line, {@code #} comments), numbered
 * 1, 2, 3... without gaps. A new migration is a new file plus a line in the index, never an edit of an applied
 * one: the checksum a store recorded when it applied the step would no longer match, and the store refuses to
 * start.
 */
public record Migration(int version, String name, String sql) {

    public static final String DIRECTORY = "db/migration/";
    public static final String INDEX = DIRECTORY + "index.txt";
    private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    public Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be >= 1: " + version);
        }
    }

    /** {@code V<version>__<name>}, the file's name without {@code .sql}: how messages name the step. */
    public String label() {
        return "V" + version + "__" + name;
    }

    /** SHA-256 of the script's UTF-8 bytes, hex: what a store records in its schema version table. */
    public String checksum() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JVM", e);
        }
    }

    /**
     * The migrations listed in {@code loader}'s index, checked to be numbered 1..n. The caller passes its own
     * class loader: the box and the cloud each carry their own {@code db/migration/}, and this class, loaded
     * from the shared jar, must not pick one by where it was loaded from. Scripts are read with {@code \r\n}
     * turned into {@code \n}, so a checkout with Windows line ends does not look like an edited step.
     */
    public static List<Migration> fromClasspath(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(loader, INDEX).split("\n")) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Matcher matcher = FILE_NAME.matcher(fileName);
            if (!matcher.matches()) {
                throw new IllegalStateException("bad migration file name in " + INDEX + ": " + fileName);
            }
            migrations.add(new Migration(
                    Integer.parseInt(matcher.group(1)), matcher.group(2), read(loader, DIRECTORY + fileName)));
        }
        checkNumbering(migrations);
        return List.copyOf(migrations);
    }

    /** Fails unless the list holds versions 1, 2, 3... in this order. */
    public static void checkNumbering(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migrations must be numbered 1..n without gaps; position " + (i + 1)
                        + " holds version " + migrations.get(i).version());
            }
        }
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read classpath resource " + resource, e);
        }
    }
}
