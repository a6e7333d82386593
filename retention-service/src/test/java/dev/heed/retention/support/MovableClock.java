package dev.heed.retention.support;

import dev.heed.testkit.time.MutableClock;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** A clock tests move instead of waiting; selected only by the {@link MovableTime} profile. */
@Dependent
public class MovableClock {

    @Produces
    @Singleton
    @Alternative
    MutableClock clock() {
        return new MutableClock();
    }
}
