package dev.heed.client;

import dev.heed.events.HeedEvent;
import dev.heed.events.directive.DirectiveAcknowledgement;
import java.util.Optional;
import java.util.UUID;

/**
 * Remembers each directive's answer, so a re-sent directive gets the same answer again and its
 * handler is not called twice. It must outlive restarts and be shared by every instance of the
 * system: keep it in the system's own database ({@link JdbcAcknowledgementStore}).
 *
 * <p>The stored answer is the whole acknowledgement event (its CloudEvents id and time included),
 * so a re-sent answer is the same event and the issuer's inbox recognises it.
 */
public interface AcknowledgementStore {

    /** The answer this system gave to the directive, if any. */
    Optional<HeedEvent<DirectiveAcknowledgement>> find(String systemId, UUID directiveId);

    /**
     * Stores the answer unless one is stored for the same system and directive already; the first
     * one wins (two instances may handle a directive twice around a rebalance).
     *
     * @return the answer that is stored now: this one, or the one stored before
     */
    HeedEvent<DirectiveAcknowledgement> storeIfAbsent(HeedEvent<DirectiveAcknowledgement> acknowledgement);
}
