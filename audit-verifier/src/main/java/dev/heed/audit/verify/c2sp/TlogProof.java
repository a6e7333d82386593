package dev.heed.audit.verify.c2sp;

import dev.heed.audit.verify.ProofVerifier;
import dev.heed.audit.verify.TreeHash;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A c2sp.org/tlog-proof@v1 file: an entry's index, its inclusion proof (base64 hashes, leaf's
 * sibling first) and, after a blank line, the checkpoint it is proven against, cosignatures
 * included. Self-contained: the entry's bytes, the log's vkey and the verifier's witness policy
 * are all it needs.
 */
public record TlogProof(long index, List<byte[]> inclusionProof, SignedNote checkpoint) {

    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    public TlogProof {
        inclusionProof = List.copyOf(inclusionProof);
    }

    public String format() {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append("index ").append(index).append('\n');
        inclusionProof.forEach(hash -> out.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        return out.append('\n').append(checkpoint.format()).toString();
    }

    public static TlogProof parse(String text) {
        int blank = text.indexOf("\n\n");
        if (blank < 0) {
            throw new IllegalArgumentException("a tlog proof has a blank line before its checkpoint");
        }
        List<String> lines = new ArrayList<>(List.of(text.substring(0, blank).split("\n")));
        if (lines.isEmpty() || !lines.remove(0).equals(HEADER)) {
            throw new IllegalArgumentException("not a " + HEADER + " proof");
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("extra ")) {
            lines.remove(0);
        }
        if (lines.isEmpty() || !lines.get(0).matches("index (0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("a tlog proof names the entry's index");
        }
        long index = Long.parseLong(lines.remove(0).substring(6));
        List<byte[]> proof = new ArrayList<>();
        for (String line : lines) {
            byte[] hash = Base64.getDecoder().decode(line);
            if (hash.length != TreeHash.SIZE) {
                throw new IllegalArgumentException("an inclusion proof line is a base64 SHA-256 hash");
            }
            proof.add(hash);
        }
        return new TlogProof(index, proof, SignedNote.parse(text.substring(blank + 2)));
    }

    /** Null if the proof holds for this leaf hash and log key, else what failed. */
    public String problem(byte[] leafHash, NoteKeys.Verifier log) {
        if (!checkpoint.verifiedBy(log)) {
            return "its checkpoint is not signed by " + log.name();
        }
        Checkpoint head = Checkpoint.parse(checkpoint.text());
        if (!head.origin().equals(log.name())) {
            return "its checkpoint is of origin " + head.origin() + ", not " + log.name();
        }
        if (!ProofVerifier.verifyInclusion(leafHash, index, head.size(), inclusionProof, head.rootHash())) {
            return "the inclusion proof of entry " + index + " does not verify against the checkpoint of size "
                    + head.size();
        }
        return null;
    }

    /** The checkpoint's tree size. */
    public long treeSize() {
        return Checkpoint.parse(checkpoint.text()).size();
    }
}
