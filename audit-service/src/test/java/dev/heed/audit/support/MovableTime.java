package dev.heed.audit.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with a clock the test moves; heads are signed when the test calls the signer, and
 * cover at most {@link #MAX_LEAVES} new leaves each, so a few events show a backlog split into heads.
 */
public class MovableTime implements QuarkusTestProfile {

    public static final int MAX_LEAVES = 4;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.arc.selected-alternatives", MovableClock.class.getName(),
                "heed.audit.heads.max-leaves", Integer.toString(MAX_LEAVES));
    }
}
