package dev.heed.audit.verify.c2sp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A c2sp.org/signed-note: a text ending in a newline, a blank line, then signature lines
 * {@code — name base64(keyId || signature)}. Ed25519 note signatures (type 0x01) sign the text;
 * cosignature/v1 lines (type 0x04) sign {@code "cosignature/v1\ntime T\n" || text} and carry the
 * 8-byte timestamp before the signature.
 */
public record SignedNote(String text, List<Line> signatures) {

    public static final String DASH = "\u2014 ";
    private static final int MAX_SIGNATURES = 32;

    public SignedNote {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text ends in a newline");
        }
        signatures = List.copyOf(signatures);
    }

    public static SignedNote parse(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note is a text, a blank line and signature lines");
        }
        if (note.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new IllegalArgumentException("a signed note holds no control characters");
        }
        List<Line> lines = new ArrayList<>();
        for (String line : note.substring(split + 2).split("\n")) {
            lines.add(Line.parse(line));
            if (lines.size() > MAX_SIGNATURES) {
                throw new IllegalArgumentException("too many signatures");
            }
        }
        return new SignedNote(note.substring(0, split + 1), lines);
    }

    public SignedNote with(Line line) {
        List<Line> all = new ArrayList<>(signatures);
        all.add(line);
        return new SignedNote(text, all);
    }

    /** The note as served: text, blank line, signature lines. */
    public String format() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(line -> out.append(line.format()).append('\n'));
        return out.toString();
    }

    /** The note signature line of {@code text} by a type 0x01 key. */
    public static Line sign(String text, String name, PrivateKey key, java.security.PublicKey publicKey) {
        NoteKeys.checkName(name);
        byte[] signature = ed25519(key, text.getBytes(UTF_8));
        return new Line(name, NoteKeys.keyId(name, NoteKeys.ED25519, publicKey), signature);
    }

    /** A cosignature/v1 line over {@code text} at {@code timestamp} (POSIX seconds). */
    public static Line cosign(String text, long timestamp, String name, PrivateKey key,
            java.security.PublicKey publicKey) {
        NoteKeys.checkName(name);
        byte[] signature = ed25519(key, cosignedMessage(text, timestamp));
        byte[] timestamped = ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array();
        return new Line(name, NoteKeys.keyId(name, NoteKeys.COSIGNATURE_V1, publicKey), timestamped);
    }

    /**
     * Whether a line by this verifier's name and key id is present and every such line verifies.
     * Lines of other keys are ignored, as the spec says.
     */
    public boolean verifiedBy(NoteKeys.Verifier verifier) {
        boolean found = false;
        for (Line line : signatures) {
            if (!line.name().equals(verifier.name()) || !Arrays.equals(line.keyId(), verifier.keyId())) {
                continue;
            }
            if (!verifies(line, verifier)) {
                return false;
            }
            found = true;
        }
        return found;
    }

    /** Whether a line by the verifier's name and id is present but does not verify (a forged line). */
    public boolean badlySignedFor(NoteKeys.Verifier verifier) {
        return signatures.stream().anyMatch(line -> line.name().equals(verifier.name())
                && Arrays.equals(line.keyId(), verifier.keyId()) && !verifies(line, verifier));
    }

    private boolean verifies(Line line, NoteKeys.Verifier verifier) {
        byte[] message;
        byte[] signature;
        if (verifier.type() == NoteKeys.COSIGNATURE_V1) {
            if (line.signature().length != 72) {
                return false;
            }
            long timestamp = ByteBuffer.wrap(line.signature()).getLong();
            message = cosignedMessage(text, timestamp);
            signature = Arrays.copyOfRange(line.signature(), 8, 72);
        } else {
            message = text.getBytes(UTF_8);
            signature = line.signature();
        }
        try {
            Signature check = Signature.getInstance("Ed25519");
            check.initVerify(verifier.key());
            check.update(message);
            return check.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] cosignedMessage(String text, long timestamp) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + text).getBytes(UTF_8);
    }

    private static byte[] ed25519(PrivateKey key, byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /** One signature line. */
    public record Line(String name, byte[] keyId, byte[] signature) {

        public static Line parse(String line) {
            if (!line.startsWith(DASH)) {
                throw new IllegalArgumentException("a signature line starts with an em dash and a space");
            }
            int space = line.indexOf(' ', DASH.length());
            if (space < 0) {
                throw new IllegalArgumentException("a signature line is a key name and a signature");
            }
            byte[] both = Base64.getDecoder().decode(line.substring(space + 1));
            if (both.length < 5) {
                throw new IllegalArgumentException("a signature holds a key id and a signature");
            }
            return new Line(line.substring(DASH.length(), space), Arrays.copyOf(both, 4),
                    Arrays.copyOfRange(both, 4, both.length));
        }

        public String format() {
            byte[] both = ByteBuffer.allocate(4 + signature.length).put(keyId).put(signature).array();
            return DASH + name + " " + Base64.getEncoder().encodeToString(both);
        }
    }
}
