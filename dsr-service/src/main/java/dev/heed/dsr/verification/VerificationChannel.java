package dev.heed.dsr.verification;

/** Where a one-time code goes. */
public enum VerificationChannel {
    EMAIL,
    PHONE
}
