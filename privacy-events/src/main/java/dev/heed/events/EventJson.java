package dev.heed.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Set;

/** The one JSON mapping of event payloads, shared by every producer and consumer. */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("heed-sorted-sets").addSerializer(new SortedSetSerializer()))
            // ISO-8601 strings ("2026-01-31T10:15:30Z", "P2Y"), as the schemas' formats expect.
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // The same payload always gives the same bytes, whatever the set or map implementation.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // Additive changes keep v1: an older consumer ignores fields it does not know yet.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // An absent field means null; schemas list only the fields that are never null.
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.ALWAYS))
            .build();

    private EventJson() {
    }

    /** The shared, configured mapper. Do not reconfigure it; {@code copy()} it to customise. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes sets (of strings or enums) in natural order. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class SortedSetSerializer extends StdSerializer<Set> {

        SortedSetSerializer() {
            super(Set.class);
        }

        @Override
        public void serialize(Set set, JsonGenerator generator, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(set.stream().sorted().toList(), generator);
        }
    }
}
