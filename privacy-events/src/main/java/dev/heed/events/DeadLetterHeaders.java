package dev.heed.events;

/**
 * Headers a consumer adds when it moves a record it could not process to {@code <topic>.dlq}.
 * The names are those of SmallRye Reactive Messaging's Kafka dead-letter strategy, so the
 * services (which use it) and plain Kafka clients write the same ones. The original key, value
 * and {@code ce_*} headers are kept unchanged.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private DeadLetterHeaders() {
    }
}
