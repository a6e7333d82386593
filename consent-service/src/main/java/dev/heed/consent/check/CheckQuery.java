package dev.heed.consent.check;

/** One (subject, purpose) to check; the customer id never leaves this service's memory. */
record CheckQuery(String customerId, String purposeId) {

    @Override
    public String toString() {
        return "CheckQuery[purposeId=" + purposeId + "]";
    }
}
