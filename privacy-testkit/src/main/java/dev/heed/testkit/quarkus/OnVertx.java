package dev.heed.testkit.quarkus;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Runs reactive code (Panache sessions, jobs) on a Vert.x context from a test thread and waits for it. */
public final class OnVertx {

    private OnVertx() {
    }

    public static <T> T call(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
