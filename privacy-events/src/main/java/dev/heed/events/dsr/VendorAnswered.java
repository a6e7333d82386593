package dev.heed.events.dsr;

import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.sha256Hex;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A vendor reached by OpenDSR answered a request's task with a signed message whose signature
 * verified: the evidence an auditor needs to check the answer later, without the body itself
 * (which may name the subject's results). Carries the subject key, never an identity.
 *
 * @param subjectRequestId the OpenDSR {@code subject_request_id} dsr-service sent the vendor
 * @param requestStatus the OpenDSR status the vendor reported: {@code pending}, {@code in_progress},
 *     {@code completed} or {@code cancelled}
 * @param resultsCount the vendor's {@code results_count}, if it gave one
 * @param channel how the answer came: {@code receipt} (the signed create response), {@code callback}
 *     (the vendor called back) or {@code status}
 *     (dsr-service asked for it)
 * @param bodySha256 lower-case hex SHA-256 of the exact signed body bytes
 * @param signature the Base64 {@code X-OpenDSR-Signature} (SHA256withRSA over the body bytes)
 * @param certificateSha256 lower-case hex SHA-256 of the DER of the certificate that verified it
 * @param processorDomain the {@code X-OpenDSR-Processor-Domain} the certificate was issued for
 */
public record VendorAnswered(UUID requestId, UUID directiveId, String systemId, String subjectKey,
        UUID subjectRequestId, String requestStatus, Long resultsCount, String channel, String bodySha256,
        String signature, String certificateSha256, String processorDomain, Instant receivedAt)
        implements EventPayload {

    public VendorAnswered {
        required(requestId, "requestId");
        required(directiveId, "directiveId");
        SystemId.validate(systemId);
        SubjectKeys.require(subjectKey, "subjectKey");
        required(subjectRequestId, "subjectRequestId");
        text(requestStatus, "requestStatus");
        if (resultsCount != null && resultsCount < 0) {
            throw new IllegalArgumentException("resultsCount must not be negative");
        }
        text(channel, "channel");
        required(sha256Hex(bodySha256, "bodySha256"), "bodySha256");
        text(signature, "signature");
        required(sha256Hex(certificateSha256, "certificateSha256"), "certificateSha256");
        text(processorDomain, "processorDomain");
        required(receivedAt, "receivedAt");
    }

    @Override
    public String kafkaKey() {
        return subjectKey;
    }
}
