package dev.heed.dsr.notice;

import io.smallrye.mutiny.Uni;

/**
 * Sends a text message. Pluggable: the default posts to a webhook ({@link WebhookSmsSender});
 * a deployment may provide its own bean. An implementation never logs the number or the text,
 * and fails the Uni only when the message certainly did not go out.
 */
public interface SmsSender {

    Uni<Void> send(String phoneNumber, String text);
}
