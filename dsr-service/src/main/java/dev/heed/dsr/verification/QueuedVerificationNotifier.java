package dev.heed.dsr.verification;

import dev.heed.dsr.notice.NoticeChannel;
import dev.heed.dsr.notice.NoticeContent;
import dev.heed.dsr.notice.NoticeKind;
import dev.heed.dsr.notice.NoticeQueue;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Queues the code as a sealed notice, in the challenge's transaction, for the delivery job to send
 * by e-mail or SMS. Nothing with the code goes to Kafka: topics are kept for days and read by many.
 */
@ApplicationScoped
@DefaultBean
public class QueuedVerificationNotifier implements VerificationNotifier {

    private final NoticeQueue queue;

    QueuedVerificationNotifier(NoticeQueue queue) {
        this.queue = queue;
    }

    @Override
    public Uni<Void> send(VerificationMessage message) {
        NoticeChannel channel = message.channel() == VerificationChannel.PHONE ? NoticeChannel.SMS : NoticeChannel.EMAIL;
        NoticeContent content = new NoticeContent(message.destination(), Map.of(
                "code", message.code(),
                "requestId", message.requestId().toString(),
                "expiresAt", message.expiresAt().toString()));
        return queue.enqueue(message.requestId(), NoticeKind.VERIFICATION_CODE, channel, null, content,
                message.expiresAt()).replaceWithVoid();
    }
}
