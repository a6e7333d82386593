package dev.heed.dsr.opendsr.vendor;

import java.util.Set;

/** OpenDSR's {@code request_status} values, as a vendor reports them. */
final class VendorStatus {

    static final String PENDING = "pending";
    static final String IN_PROGRESS = "in_progress";
    static final String COMPLETED = "completed";
    static final String CANCELLED = "cancelled";
    static final Set<String> ALL = Set.of(PENDING, IN_PROGRESS, COMPLETED, CANCELLED);

    private VendorStatus() {
    }

    /** Completed or cancelled: the task gets its answer; pending and in progress leave it outstanding. */
    static boolean isFinal(String status) {
        return COMPLETED.equals(status) || CANCELLED.equals(status);
    }
}
