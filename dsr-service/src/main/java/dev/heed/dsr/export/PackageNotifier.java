package dev.heed.dsr.export;

import io.smallrye.mutiny.Uni;

/**
 * Delivers the one-time package link to the customer. Called inside the transaction that stores
 * the package, so a notifier that writes joins it ({@link dev.heed.platform.outbox.CallerTransaction})
 * and the link is sent only if the package commits. An implementation never logs the link or the
 * destination. The default is {@link OutboxPackageNotifier}.
 */
public interface PackageNotifier {

    Uni<Void> send(PackageLink link);
}
