package dev.heed.dsr.opendsr;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What only OpenDSR knows about a request a controller sent in; the request itself is a subject_request. */
@Entity
@Table(name = "opendsr_request")
public class OpenDsrRequest extends PanacheEntityBase {

    @Id
    @Column(name = "subject_request_id")
    public UUID subjectRequestId;

    @Column(name = "controller_id", nullable = false, updatable = false)
    public String controllerId;

    @Column(name = "request_id", nullable = false, updatable = false)
    public UUID requestId;

    @Column(name = "api_version", updatable = false)
    public String apiVersion;

    /** JSON array of URLs. */
    @Column(name = "status_callback_urls", nullable = false, updatable = false)
    public String statusCallbackUrls;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;

    @Column(name = "release_at", nullable = false, updatable = false)
    public Instant releaseAt;

    /** The wire value of the OpenDSR status last reported. */
    @Column(name = "reported_status", nullable = false)
    public String reportedStatus;

    public OpenDsrStatus status() {
        return OpenDsrStatus.ofWire(reportedStatus);
    }
}
