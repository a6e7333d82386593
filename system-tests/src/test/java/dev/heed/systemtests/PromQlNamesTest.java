package dev.heed.systemtests;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void findsTheSelectedMetricsAndNothingElse() {
        assertThat(PromQlNames.of("histogram_quantile(0.95, sum by (le, system_id) "
                        + "(rate(heed_directives_ack_latency_seconds_bucket{namespace=\"$namespace\"}[$__rate_interval])))"),
                contains("heed_directives_ack_latency_seconds_bucket"));
        assertThat(PromQlNames.of("sum(increase(kafka_topic_partition_current_offset{topic=~\".*\\\\.dlq\"}[10m])) > 0"
                        + " and on (topic) kube_pod_info offset 1h"),
                contains("kafka_topic_partition_current_offset", "kube_pod_info"));
        assertThat(PromQlNames.of("up{job=~\"consent-service|dsr-service\"} == 0 or absent(up)"), contains("up"));
        assertThat(PromQlNames.of("vector(1) * 60 > bool 0.5e3"), empty());
    }
}
