package dev.heed.platform.store;

import jakarta.persistence.OptimisticLockException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentChangeTest {

    @Test
    void aDuplicateKeyIsALostRaceWhereverItIsWrapped() {
        var duplicate = new ConstraintViolationException("duplicate", new SQLException("dup", "23505"), "pk");
        assertTrue(ConcurrentChange.detected(new CompletionException(duplicate)));
    }

    @Test
    void aStaleVersionIsALostRace() {
        assertTrue(ConcurrentChange.detected(new OptimisticLockException("moved on")));
    }

    @Test
    void otherConstraintsAndFailuresAreNot() {
        var notNull = new ConstraintViolationException("null", new SQLException("null", "23502"), "name");
        assertFalse(ConcurrentChange.detected(notNull));
        assertFalse(ConcurrentChange.detected(new IllegalStateException("broken")));
    }
}
