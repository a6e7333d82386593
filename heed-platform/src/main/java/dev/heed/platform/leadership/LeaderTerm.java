package dev.heed.platform.leadership;

import io.vertx.mutiny.pgclient.PgConnection;

/**
 * One continuous period of leadership. Work that must stop the moment leadership is lost runs
 * its SQL on {@link #connection()}, the connection that holds the lock: once it is gone, so is
 * the lock, and such work fails rather than overlap with the next leader's.
 */
public record LeaderTerm(long number, PgConnection connection) {
}
