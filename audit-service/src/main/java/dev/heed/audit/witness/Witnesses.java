package dev.heed.audit.witness;

import dev.heed.audit.AuditConfig;
import dev.heed.audit.verify.c2sp.NoteKeys;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The configured witnesses, their keys parsed and the policy checked at start. */
@Singleton
public class Witnesses {

    private final List<Configured> all = new ArrayList<>();
    private final int required;

    Witnesses(AuditConfig config) {
        AuditConfig.Witnessing witnessing = config.witnessing();
        witnessing.witnesses().forEach((id, witness) -> {
            NoteKeys.Verifier key;
            try {
                key = NoteKeys.parseVkey(witness.vkey());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("heed.audit.witnessing.witnesses." + id + ".vkey: " + e.getMessage(), e);
            }
            if (key.type() != NoteKeys.COSIGNATURE_V1) {
                throw new IllegalStateException("heed.audit.witnessing.witnesses." + id
                        + ".vkey: a witness key is a cosignature/v1 key (type 4)");
            }
            all.add(new Configured(key.name(), URI.create(witness.url().toString().replaceAll("/+$", "")
                    + "/add-checkpoint"), key));
        });
        this.required = witnessing.required();
        if (required < 0 || required > all.size()) {
            throw new IllegalStateException("heed.audit.witnessing.required is " + required + " but "
                    + all.size() + " witnesses are configured: no head could ever count as published");
        }
    }

    public List<Configured> all() {
        return List.copyOf(all);
    }

    /** Cosignatures a head needs to count as published. */
    public int required() {
        return required;
    }

    /** A witness: its key name (how metrics and the log name it), where to submit, its key. */
    public record Configured(String name, URI addCheckpoint, NoteKeys.Verifier key) {
    }
}
