package dev.heed.audit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.testkit.kafka.KafkaUsers;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/**
 * audit-service issues no directives: it logs acknowledgements from its own read-only ingest
 * subscription (IngestionTest shows they are logged), so its Kafka user may neither write any
 * system's acknowledgement topic nor join an issuer's acknowledgement group, and the directive
 * library, whose acknowledgement consumer would need both, is not on its class path.
 */
class AcknowledgementRightsTest {

    private final List<AclBinding> acls = KafkaUsers.ofRepository().serviceUser("audit-service").acls();

    @Test
    void theAuditUserCannotWriteAnyAcknowledgementTopic() {
        // Literal ack topics, the privacy.acks. prefix, or any shorter prefix that covers them.
        List<AclBinding> reachingAcks = acls.stream()
                .filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC)
                .filter(acl -> acl.pattern().name().startsWith("privacy.acks.")
                        || "privacy.acks.".startsWith(acl.pattern().name()))
                .toList();
        assertFalse(reachingAcks.isEmpty(), "audit-service must read the acknowledgement topics to log them");
        reachingAcks.forEach(acl -> assertEquals(AclOperation.READ, acl.entry().operation(), acl.toString()));
    }

    @Test
    void theAuditUserJoinsOnlyItsIngestGroup() {
        assertEquals(List.of("audit-service-ingest"), acls.stream()
                .filter(acl -> acl.pattern().resourceType() == ResourceType.GROUP)
                .map(acl -> acl.pattern().name())
                .toList());
    }

    @Test
    void theDirectiveLibraryIsNotOnTheClassPath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.heed.directives.DirectiveIssuer"));
    }
}
