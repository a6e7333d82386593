package dev.heed.dsr.verification;

import io.smallrye.mutiny.Uni;

/**
 * Delivers one-time codes. Called inside the transaction that stores the code's hash, so a
 * notifier that writes joins it ({@link dev.heed.platform.outbox.CallerTransaction}) and the
 * code is sent only if the challenge commits. An implementation never logs the code or the
 * destination. The default is {@link OutboxVerificationNotifier}.
 */
public interface VerificationNotifier {

    Uni<Void> send(VerificationMessage message);
}
