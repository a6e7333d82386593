package dev.heed.dsr.registry;

import dev.heed.events.Topics;
import java.util.Set;

/** Whether a system's two topics exist on the broker. */
public record TopicPresence(boolean directives, boolean acks) {

    static TopicPresence of(String systemId, Set<String> existingTopics) {
        return new TopicPresence(existingTopics.contains(Topics.directives(systemId)),
                existingTopics.contains(Topics.acks(systemId)));
    }

    boolean complete() {
        return directives && acks;
    }
}
