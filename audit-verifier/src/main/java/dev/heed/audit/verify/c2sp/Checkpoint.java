package dev.heed.audit.verify.c2sp;

import dev.heed.audit.verify.TreeHash;
import java.util.Base64;

/** The text of a c2sp.org/tlog-checkpoint: origin, tree size, base64 root hash, each on its line. */
public record Checkpoint(String origin, long size, byte[] rootHash) {

    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("the origin is one non-empty line");
        }
        if (size < 0 || rootHash.length != TreeHash.SIZE) {
            throw new IllegalArgumentException("a checkpoint has a size >= 0 and a 32-byte root");
        }
    }

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /** Reads the first three lines of a note text (extension lines are ignored). */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("a checkpoint is an origin, a decimal size and a root hash");
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    }
}
