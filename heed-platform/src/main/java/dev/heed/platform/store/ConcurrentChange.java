package dev.heed.platform.store;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;

/**
 * A write that lost a race with another request or replica: the same new key inserted twice, or
 * a version that moved on since it was read. Running the whole transaction again (reading afresh)
 * resolves it; left alone it would surface as a 500.
 *
 * <pre>{@code
 * Panache.withTransaction(...)
 *         .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES)
 * }</pre>
 */
public final class ConcurrentChange {

    /** How often a transaction that lost a race is run again before the failure stands. */
    public static final int RETRIES = 3;

    private static final String UNIQUE_VIOLATION = "23505";

    private ConcurrentChange() {
    }

    public static boolean detected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException
                    || cause instanceof ConstraintViolationException violation
                    && UNIQUE_VIOLATION.equals(violation.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
