package dev.heed.audit.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service with a clock the test moves; heads are signed when the test calls the signer. */
public class MovableTime implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.arc.selected-alternatives", MovableClock.class.getName());
    }
}
