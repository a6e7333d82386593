package dev.heed.bench;

/** One kind of call, made over and over by every worker thread of a run. */
interface LoadScenario {

    String name();

    /** What the scenario measures, for the report. */
    String description();

    /** A worker for one thread; what it holds (a database connection) is not shared. */
    Worker newWorker() throws Exception;

    interface Worker extends AutoCloseable {

        Outcome call() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
