package dev.heed.platform.outbox;

import java.util.List;

/**
 * A point in the relay where a test can inject a failure: after the broker acknowledged a batch,
 * before its rows are marked sent. Production uses {@link NoRelayFaults}; only a CDI alternative
 * (test code) can replace it, never configuration.
 */
public interface RelayFaultPoint {

    void afterBrokerAcknowledged(List<OutboxRow> acknowledged);
}
