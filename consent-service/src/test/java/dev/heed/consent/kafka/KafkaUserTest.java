package dev.heed.consent.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

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
 * user without its Read ACL on privacy.consent.state.v1, the consent cache's feed is refused and
 * the service never becomes ready, where with the full user it is ready within seconds
 * (ConsentServiceStartupTest). A service that starts using a topic its KafkaUser does not name
 * fails the same way.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
@QuarkusTestResource(value = WithheldKafkaAcl.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "kafka-user", value = "consent-service"),
        @ResourceArg(name = "acl", value = "topic:" + Topics.CONSENT_STATE + ":Read") })
class KafkaUserTest {

    @Test
    void withoutItsReadAclOnTheConsentStateTheServiceStaysUnready() {
        await().atMost(Duration.ofSeconds(40)).during(Duration.ofSeconds(20)).untilAsserted(() ->
                given().when().get("/q/health/ready")
                        .then().statusCode(503)
                        .body("checks.find { it.name == 'heed-consent-check' }.data.consentStateFeed", is(false)));
    }
}
