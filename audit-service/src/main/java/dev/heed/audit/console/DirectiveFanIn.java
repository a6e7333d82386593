package dev.heed.audit.console;

import java.util.List;

/**
 * A directive in flight, from its logged issued and acknowledged entries: issued to
 * {@code tasks.size()} systems, settled by {@link #settled()} of them.
 *
 * @param overdue its deadline has passed with systems still outstanding
 */
public record DirectiveFanIn(String directiveId, String kind, String issuedAt, String age, String deadline,
        boolean overdue, List<Task> tasks) {

    /**
     * One recipient.
     *
     * @param answer the system's latest outcome ({@code DONE}, {@code NOT_APPLICABLE}, {@code FAILED}),
     *     or {@code null} while it has not answered
     */
    public record Task(String systemId, String answer) {

        public boolean settled() {
            return "DONE".equals(answer) || "NOT_APPLICABLE".equals(answer);
        }
    }

    public int issuedTo() {
        return tasks.size();
    }

    public long settled() {
        return tasks.stream().filter(Task::settled).count();
    }

    /** Systems that have not answered, or whose latest answer is a failure. */
    public List<Task> outstanding() {
        return tasks.stream().filter(task -> !task.settled()).toList();
    }
}
