package dev.heed.dsr.deadline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shipped rule table covers every regulation and request type, and says where each rule comes from. */
class DeadlineRulesTest {

    private final DeadlineRules rules = DeadlineRules.load();

    @Test
    void hasARuleWithASourceForEveryRegulationAndRequestType() {
        for (Regulation regulation : Regulation.values()) {
            for (RequestType type : RequestType.values()) {
                DeadlineRule rule = rules.rule(regulation, type);
                String combination = regulation + " " + type;
                assertThat(combination, rule, notNullValue());
                assertThat(combination, rule.regulation(), is(regulation));
                assertThat(combination, rule.type(), is(type));
                assertThat(combination, rule.respondWithin(), notNullValue());
                assertThat(combination, rule.source().isBlank(), is(false));
                if (rule.rulesOf() != type) {
                    assertThat(combination + " borrows rules and must say why", rule.note(), notNullValue());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}, extension {4} {5}, rules of {6}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GDPR    | ACCESS          | 1  | CALENDAR_MONTHS | 2  | CALENDAR_MONTHS | ACCESS
            GDPR    | OPT_OUT_OF_SALE | 1  | CALENDAR_MONTHS | 2  | CALENDAR_MONTHS | OBJECTION
            UK_GDPR | RESTRICTION     | 1  | CALENDAR_MONTHS | 2  | CALENDAR_MONTHS | RESTRICTION
            CCPA    | ACCESS          | 45 | CALENDAR_DAYS   | 45 | CALENDAR_DAYS   | ACCESS
            CCPA    | PORTABILITY     | 45 | CALENDAR_DAYS   | 45 | CALENDAR_DAYS   | ACCESS
            CCPA    | OPT_OUT_OF_SALE | 15 | BUSINESS_DAYS   | -  | -               | OPT_OUT_OF_SALE
            CCPA    | OBJECTION       | 15 | BUSINESS_DAYS   | -  | -               | OPT_OUT_OF_SALE
            LGPD    | ACCESS          | 15 | CALENDAR_DAYS   | -  | -               | ACCESS
            LGPD    | OPT_OUT_OF_SALE | 15 | CALENDAR_DAYS   | -  | -               | OBJECTION
            """)
    void readsTheLawsPeriods(Regulation regulation, RequestType type, int amount, PeriodUnit unit,
            Integer extensionAmount, PeriodUnit extensionUnit, RequestType rulesOf) {
        DeadlineRule rule = rules.rule(regulation, type);
        assertThat(rule.respondWithin(), is(new ResponsePeriod(amount, unit)));
        if (extensionAmount == null) {
            assertThat(rule.extensionAllowed(), is(false));
            assertThat(rule.extendableBy(), nullValue());
        } else {
            assertThat(rule.extendableBy(), is(new ResponsePeriod(extensionAmount, extensionUnit)));
        }
        assertThat(rule.rulesOf(), is(rulesOf));
    }

    @Test
    void refusesATableWithAGap() {
        Map<RequestType, DeadlineRules.Rule> allButErasure = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            if (type != RequestType.ERASURE) {
                allButErasure.put(type, new DeadlineRules.Rule(new ResponsePeriod(1, PeriodUnit.CALENDAR_MONTHS), null,
                        null, "Art. 12(3)", null));
            }
        }
        Map<Regulation, DeadlineRules.RegulationRules> regulations = new EnumMap<>(Regulation.class);
        for (Regulation regulation : Regulation.values()) {
            regulations.put(regulation, new DeadlineRules.RegulationRules("counting", true, allButErasure));
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DeadlineRules.of(new DeadlineRules.Table("gap", regulations)));
        assertThat(refused.getMessage(), containsString("ERASURE"));
    }

    @Test
    void refusesASameAsChain() {
        Map<RequestType, DeadlineRules.Rule> chained = new EnumMap<>(RequestType.class);
        for (RequestType type : RequestType.values()) {
            chained.put(type, new DeadlineRules.Rule(new ResponsePeriod(1, PeriodUnit.CALENDAR_MONTHS), null, null,
                    "Art. 12(3)", null));
        }
        chained.put(RequestType.OBJECTION, new DeadlineRules.Rule(null, null, RequestType.OPT_OUT_OF_SALE, "x", "y"));
        chained.put(RequestType.OPT_OUT_OF_SALE, new DeadlineRules.Rule(null, null, RequestType.ACCESS, "x", "y"));
        Map<Regulation, DeadlineRules.RegulationRules> regulations = new EnumMap<>(Regulation.class);
        for (Regulation regulation : Regulation.values()) {
            regulations.put(regulation, new DeadlineRules.RegulationRules("counting", true, chained));
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> DeadlineRules.of(new DeadlineRules.Table("chain", regulations)));
        assertThat(refused.getMessage(), containsString("OBJECTION"));
        assertThat(refused.getMessage(), containsString("sameAs"));
    }
}
