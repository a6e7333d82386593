package dev.heed.audit.tlog;

import java.util.List;

/** {@link CheckpointTime} with two witnesses that must both cosign: an application of its own. */
public class WitnessedCheckpoints extends CheckpointTime {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(TwoWitnesses.class));
    }
}
