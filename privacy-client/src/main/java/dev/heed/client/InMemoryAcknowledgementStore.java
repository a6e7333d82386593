package dev.heed.client;

import dev.heed.events.HeedEvent;
import dev.heed.events.directive.DirectiveAcknowledgement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps answers in this JVM only: for tests and trials. It forgets them on restart and does not
 * share them between instances, so a re-sent directive may be handled again.
 */
public final class InMemoryAcknowledgementStore implements AcknowledgementStore {

    private final ConcurrentMap<String, HeedEvent<DirectiveAcknowledgement>> answers = new ConcurrentHashMap<>();

    @Override
    public Optional<HeedEvent<DirectiveAcknowledgement>> find(String systemId, UUID directiveId) {
        return Optional.ofNullable(answers.get(key(systemId, directiveId)));
    }

    @Override
    public HeedEvent<DirectiveAcknowledgement> storeIfAbsent(HeedEvent<DirectiveAcknowledgement> acknowledgement) {
        DirectiveAcknowledgement ack = acknowledgement.data();
        HeedEvent<DirectiveAcknowledgement> before = answers.putIfAbsent(key(ack.systemId(), ack.directiveId()),
                acknowledgement);
        return before != null ? before : acknowledgement;
    }

    private static String key(String systemId, UUID directiveId) {
        return systemId + "/" + directiveId;
    }
}
