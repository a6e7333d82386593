package dev.heed.consent.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import dev.heed.events.Topics;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.quarkus.WithheldKafkaAcl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The broker holds consent-service to its KafkaUser (deploy/k8s/base/kafka/users): run as that
 * user without its Read ACL on privacy.dsr.events.v1, the channels that consume erasures and
 * opt-outs are refused and the service is not ready. The same happens to a service that starts
 * using a topic its KafkaUser does not name.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
@QuarkusTestResource(value = WithheldKafkaAcl.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "kafka-user", value = "consent-service"),
        @ResourceArg(name = "acl", value = "topic:" + Topics.DSR_EVENTS + ":Read") })
class KafkaUserTest {

    @Test
    void withoutItsReadAclOnTheRequestEventsTheServiceIsRefusedAndNotReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body(allOf(containsString("Not authorized"), containsString(Topics.DSR_EVENTS))));
    }
}
