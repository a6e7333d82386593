package dev.heed.audit.console;

/**
 * A system with tasks outstanding past their directive's deadline.
 *
 * @param overdueFor how long the oldest of them is past its deadline
 */
public record OverdueSystem(String systemId, long tasks, String oldestDeadline, String overdueFor) {
}
