package dev.heed.dsr.export;

import dev.heed.dsr.notice.NoticeChannel;
import dev.heed.dsr.notice.NoticeContent;
import dev.heed.dsr.notice.NoticeKind;
import dev.heed.dsr.notice.NoticeQueue;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Queues the link as a sealed notice, in the package's transaction, for the delivery job to
 * e-mail. Without an e-mail address on the request nothing is queued: an operator downloads the
 * package and hands it over. Nothing with the link goes to Kafka.
 */
@ApplicationScoped
@DefaultBean
public class QueuedPackageNotifier implements PackageNotifier {

    private static final Logger LOG = Logger.getLogger(QueuedPackageNotifier.class);

    private final NoticeQueue queue;

    QueuedPackageNotifier(NoticeQueue queue) {
        this.queue = queue;
    }

    @Override
    public Uni<Void> send(PackageLink link) {
        if (link.destination() == null) {
            LOG.infof("package of request %s: no e-mail address on the request, an operator hands it over",
                    link.requestId());
            return Uni.createFrom().voidItem();
        }
        NoticeContent content = new NoticeContent(link.destination(), Map.of(
                "link", link.url(),
                "requestId", link.requestId().toString(),
                "expiresAt", link.expiresAt().toString()));
        return queue.enqueue(link.requestId(), NoticeKind.PACKAGE_READY, NoticeChannel.EMAIL, null, content,
                link.expiresAt()).replaceWithVoid();
    }
}
