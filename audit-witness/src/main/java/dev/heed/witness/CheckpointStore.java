package dev.heed.witness;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The witness's durable state: per origin, the latest cosigned checkpoint with the log's signature
 * and the witness's cosignature, in {@code <dir>/<hex SHA-256 of origin>/checkpoint}, which is also
 * what the monitoring endpoint serves. Written to a temporary file, forced to disk, then moved
 * atomically: a crash leaves the old or the new checkpoint, never half of one.
 */
public final class CheckpointStore {

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Optional<String> read(String origin) {
        Path file = file(origin);
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String origin, String note) {
        Path file = file(origin);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("checkpoint.tmp");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                out.write(java.nio.ByteBuffer.wrap(note.getBytes(UTF_8)));
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The origin hash of the monitoring path: lowercase hex SHA-256 of the origin. */
    public static String originHash(String origin) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(origin.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Path file(String origin) {
        return dir.resolve(originHash(origin)).resolve("checkpoint");
    }
}
