package dev.heed.platform.leadership;

/** Told when this replica becomes leader and when it stops being one. Called on the leadership thread. */
public interface LeadershipListener {

    void elected(LeaderTerm term);

    void revoked(LeaderTerm term);
}
