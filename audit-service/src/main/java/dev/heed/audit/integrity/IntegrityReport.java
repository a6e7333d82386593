package dev.heed.audit.integrity;

import java.time.Instant;

/**
 * What an integrity check found.
 *
 * @param firstInvalidLeafIndex the first entry that does not match, when one can be named
 * @param problem why the log is not valid, {@code null} when it is
 * @param headsChecked published heads whose signature and root were checked
 * @param entriesChecked entries replayed, in leaf order
 * @param latestPublishedTreeSize the size of the latest published head, {@code null} before the first
 */
public record IntegrityReport(boolean valid, Long firstInvalidLeafIndex, String problem, int headsChecked,
        long entriesChecked, long treeSize, Long latestPublishedTreeSize, Instant checkedAt) {
}
