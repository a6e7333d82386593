package dev.heed.retention.hold;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.heed.events.subject.SubjectKeys;
import dev.heed.retention.run.HeldForPurge;
import dev.heed.retention.run.PurgeExclusions;
import dev.heed.retention.support.MovableTime;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a purge must leave alone, answered from the active holds in the database. Other tests'
 * holds share the table, so each case uses categories and customers of its own and checks
 * membership.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "retention"))
class HoldExclusionsTest {

    private static final String ADMIN = TestTokens.forRole(TestTokens.PRIVACY_ADMIN);

    @Inject
    PurgeExclusions exclusions;
    @Inject
    SubjectKeys subjectKeys;

    @Test
    void heldSubjectsCasesAndCategoriesAreExcludedUntilReleased() {
        String narrowed = "category-" + UUID.randomUUID();
        String wholeCategory = "category-" + UUID.randomUUID();
        String other = "category-" + UUID.randomUUID();
        String ada = "customer-" + UUID.randomUUID();
        String bob = "customer-" + UUID.randomUUID();
        String eve = "customer-" + UUID.randomUUID();
        String adaHold = place(Map.of("scope", "SUBJECT", "customerId", ada, "dataCategories", List.of(narrowed),
                "caseReference", "case-1", "reason", "litigation"));
        String caseHold = place(Map.of("scope", "CASE", "customerIds", List.of(bob, eve),
                "caseReference", "case-2", "reason", "investigation"));
        String categoryHold = place(Map.of("scope", "DATA_CATEGORY", "dataCategories", List.of(wholeCategory),
                "caseReference", "case-3", "reason", "regulator request"));

        HeldForPurge inNarrowed = forCategory(narrowed);
        assertThat(inNarrowed.wholeCategory(), is(false));
        assertThat(inNarrowed.subjectKeys(), hasItems(key(ada), key(bob), key(eve)));
        assertThat(inNarrowed.customerIds(), hasItems(ada, bob, eve));
        assertThat(inNarrowed.holdIds(), hasItems(UUID.fromString(adaHold), UUID.fromString(caseHold)));
        assertThat(inNarrowed.holdIds(), not(hasItem(UUID.fromString(categoryHold))));

        HeldForPurge inOther = forCategory(other);
        assertThat("a case without categories holds all its subjects' data", inOther.customerIds(),
                hasItems(bob, eve));
        assertThat("a subject hold narrowed to a category keeps only that", inOther.customerIds(), not(hasItem(ada)));
        assertThat(inOther.subjectKeys(), not(hasItem(key(ada))));
        assertThat(inOther.wholeCategory(), is(false));

        HeldForPurge inWhole = forCategory(wholeCategory);
        assertThat(inWhole.wholeCategory(), is(true));
        assertThat(inWhole.holdIds(), hasItem(UUID.fromString(categoryHold)));

        release(adaHold);
        release(categoryHold);
        assertThat(forCategory(narrowed).customerIds(), not(hasItem(ada)));
        assertThat(forCategory(narrowed).subjectKeys(), not(hasItem(key(ada))));
        assertThat(forCategory(wholeCategory).wholeCategory(), is(false));
    }

    private HeldForPurge forCategory(String category) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> exclusions.forCategory(category, "billing-system"));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private String key(String customerId) {
        return subjectKeys.keyOf(customerId);
    }

    private static String place(Map<String, Object> body) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/holds")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static void release(String holdId) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "case closed"))
                .when().post("/api/v1/holds/" + holdId + "/release")
                .then().statusCode(200);
    }
}
