package dev.heed.witness;

import dev.heed.audit.verify.ProofVerifier;
import dev.heed.audit.verify.TreeHash;
import dev.heed.audit.verify.c2sp.Checkpoint;
import dev.heed.audit.verify.c2sp.NoteKeys;
import dev.heed.audit.verify.c2sp.SignedNote;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The c2sp.org/tlog-witness {@code add-checkpoint} rules: a checkpoint of a known origin, signed by
 * that log's key, whose old size is the size this witness last cosigned and whose consistency
 * proof from there verifies, is cosigned (cosignature/v1) and becomes the new latest, persisted
 * before the answer. Anything else is refused with the status the spec names, and nothing changes.
 */
public final class Witness {

    private static final int MAX_PROOF = 63;

    private final String name;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private final Map<String, NoteKeys.Verifier> logs;
    private final CheckpointStore store;
    private final Clock clock;

    public Witness(String name, PrivateKey key, PublicKey publicKey, Map<String, NoteKeys.Verifier> logs,
            CheckpointStore store, Clock clock) {
        this.name = name;
        this.key = key;
        this.publicKey = publicKey;
        this.logs = Map.copyOf(logs);
        this.store = store;
        this.clock = clock;
    }

    /** The witness's own verifier key (type 0x04), which logs and auditors configure. */
    public String vkey() {
        return NoteKeys.vkey(name, NoteKeys.COSIGNATURE_V1, publicKey);
    }

    public Optional<String> latest(String origin) {
        return store.read(origin);
    }

    /** Handles one add-checkpoint body; checking and persisting are one step (no rollback race). */
    public synchronized Answer addCheckpoint(String body) {
        Request request;
        try {
            request = Request.parse(body);
        } catch (IllegalArgumentException e) {
            return Answer.text(400, "bad request: " + e.getMessage());
        }
        Checkpoint checkpoint = request.checkpoint();
        NoteKeys.Verifier log = logs.get(checkpoint.origin());
        if (log == null) {
            return Answer.text(404, "unknown origin");
        }
        if (request.note().badlySignedFor(log) || !request.note().verifiedBy(log)) {
            return Answer.text(403, "no valid signature of the log's key");
        }
        if (request.oldSize() > checkpoint.size()) {
            return Answer.text(400, "old size exceeds the checkpoint's size");
        }
        Optional<Checkpoint> latest = store.read(checkpoint.origin())
                .map(note -> Checkpoint.parse(SignedNote.parse(note).text()));
        long latestSize = latest.map(Checkpoint::size).orElse(0L);
        if (request.oldSize() != latestSize) {
            return new Answer(409, "text/x.tlog.size", latestSize + "\n");
        }
        if (checkpoint.size() == 0 && !Arrays.equals(checkpoint.rootHash(), TreeHash.empty())) {
            return Answer.text(422, "an empty tree has the empty hash");
        }
        if (!consistent(request, latest)) {
            return Answer.text(422, "the consistency proof does not verify");
        }
        SignedNote.Line cosignature = SignedNote.cosign(request.note().text(), clock.instant().getEpochSecond(),
                name, key, publicKey);
        store.write(checkpoint.origin(), withOnly(request.note(), log).with(cosignature).format());
        return new Answer(200, "text/plain; charset=utf-8", cosignature.format() + "\n");
    }

    private static boolean consistent(Request request, Optional<Checkpoint> latest) {
        Checkpoint next = request.checkpoint();
        if (latest.isEmpty()) {
            return request.proof().isEmpty();
        }
        Checkpoint previous = latest.get();
        if (previous.size() == next.size()) {
            return request.proof().isEmpty() && Arrays.equals(previous.rootHash(), next.rootHash());
        }
        return ProofVerifier.verifyConsistency(previous.size(), next.size(), previous.rootHash(), next.rootHash(),
                request.proof());
    }

    /** The note with the log's own signature lines only: what the witness verified. */
    private static SignedNote withOnly(SignedNote note, NoteKeys.Verifier log) {
        return new SignedNote(note.text(), note.signatures().stream()
                .filter(line -> line.name().equals(log.name()) && Arrays.equals(line.keyId(), log.keyId()))
                .toList());
    }

    /** An answer: status, content type and body. */
    public record Answer(int status, String contentType, String body) {

        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body + "\n");
        }
    }

    /** An add-checkpoint body: {@code old N}, proof lines, a blank line, the checkpoint note. */
    record Request(long oldSize, List<byte[]> proof, SignedNote note, Checkpoint checkpoint) {

        static Request parse(String body) {
            int blank = body.indexOf("\n\n");
            if (blank < 0 || !body.startsWith("old ")) {
                throw new IllegalArgumentException("expected an old size line, proof lines, a blank line, a checkpoint");
            }
            String[] head = body.substring(0, blank).split("\n");
            if (!head[0].matches("old (0|[1-9][0-9]{0,18})")) {
                throw new IllegalArgumentException("the old size line is `old <decimal>`");
            }
            if (head.length - 1 > MAX_PROOF) {
                throw new IllegalArgumentException("at most 63 proof lines");
            }
            List<byte[]> proof = new ArrayList<>();
            for (int i = 1; i < head.length; i++) {
                byte[] hash = Base64.getDecoder().decode(head[i]);
                if (hash.length != TreeHash.SIZE) {
                    throw new IllegalArgumentException("a proof line is a base64 SHA-256 hash");
                }
                proof.add(hash);
            }
            SignedNote note = SignedNote.parse(body.substring(blank + 2));
            return new Request(Long.parseLong(head[0].substring(4)), proof, note, Checkpoint.parse(note.text()));
        }
    }
}
