package dev.heed.dsr.opendsr.vendor;

/** Where the HTTP side of a vendor's task stands. */
public enum VendorRequestState {
    /** Not yet accepted by the vendor: sent (again) when due. */
    SENDING,
    /** Accepted (201, signed): the vendor works on it; its status is asked when no callback came. */
    ACCEPTED,
    /** The vendor completed or cancelled it; the task has its answer. */
    ANSWERED,
    /** The directive carries no identity OpenDSR can express: the task failed, nothing was sent. */
    UNSENDABLE
}
