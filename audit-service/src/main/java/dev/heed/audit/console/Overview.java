package dev.heed.audit.console;

import java.util.List;

/**
 * Everything the console shows besides the live list, read at one instant.
 *
 * @param inFlight the oldest directives in flight, at most {@link OverviewQueries#SHOWN_DIRECTIVES}
 * @param inFlightTotal how many directives are in flight in all
 * @param head the latest signed tree head, or {@code null} while none is available
 */
public record Overview(String at, long treeSize, List<TopicFlow> topics, List<DirectiveFanIn> inFlight,
        long inFlightTotal, List<OverdueSystem> overdue, TreeHeadSummary head) {

    public long overdueTasks() {
        return overdue.stream().mapToLong(OverdueSystem::tasks).sum();
    }
}
