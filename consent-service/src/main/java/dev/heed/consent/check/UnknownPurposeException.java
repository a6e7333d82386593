package dev.heed.consent.check;

/** A check named a purpose that is not in the catalogue. */
class UnknownPurposeException extends RuntimeException {

    final int index;

    UnknownPurposeException(int index) {
        super("purposeId is not a purpose of the catalogue", null, false, false);
        this.index = index;
    }
}
