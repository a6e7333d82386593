package dev.heed.platform.recovery;

import io.micrometer.core.instrument.MeterRegistry;

/** A {@link ConsumerRecovery} outside CDI, for tests of the consumers that use it. */
public final class TestRecovery {

    private TestRecovery() {
    }

    public static ConsumerRecovery on(MeterRegistry registry) {
        return new ConsumerRecovery(registry);
    }
}
