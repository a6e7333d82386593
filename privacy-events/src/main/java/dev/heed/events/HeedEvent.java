package dev.heed.events;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A CloudEvents 1.0 event with a typed payload. On Kafka it travels in binary content mode: the
 * attributes as {@code ce_*} headers, the payload as the JSON record value.
 *
 * @param id unique per event; a re-sent directive keeps its id, so receivers can de-duplicate
 * @param subject the subject key, or {@code null} for events about no data subject
 */
public record HeedEvent<T>(String id, String source, String type, String subject, Instant time,
        URI dataschema, T data) {

    public HeedEvent {
        Payloads.text(id, CloudEventHeaders.ID);
        Payloads.text(source, CloudEventHeaders.SOURCE);
        Payloads.text(type, CloudEventHeaders.TYPE);
        Payloads.required(time, CloudEventHeaders.TIME);
        Payloads.required(data, "data");
    }

    /** A new event with a random id; subject and dataschema follow from the payload and the type. */
    public static <T extends EventPayload> HeedEvent<T> of(EventType type, String source, Instant time, T data) {
        return of(type, UUID.randomUUID().toString(), source, time, data);
    }

    /** An event with a given id, e.g. a directive's task id that must stay the same across re-sends. */
    public static <T extends EventPayload> HeedEvent<T> of(EventType type, String id, String source, Instant time,
            T data) {
        if (!data.fits(type)) {
            throw new IllegalArgumentException(type.type() + " does not carry this " + data.getClass().getSimpleName());
        }
        return new HeedEvent<>(id, source, type.type(), data.subjectKey(), time, type.dataschema(), data);
    }

    public HeedEvent<T> withId(String newId) {
        return new HeedEvent<>(newId, source, type, subject, time, dataschema, data);
    }

    /** The Kafka key its payload defines, or {@code null}. */
    public String kafkaKey() {
        return data instanceof EventPayload payload ? payload.kafkaKey() : null;
    }

    /** The binary-mode headers, in a stable order, as text (e.g. to store in an outbox row). */
    public Map<String, String> headerValues() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPECVERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, id);
        headers.put(CloudEventHeaders.SOURCE, source);
        headers.put(CloudEventHeaders.TYPE, type);
        if (subject != null) {
            headers.put(CloudEventHeaders.SUBJECT, subject);
        }
        headers.put(CloudEventHeaders.TIME, time.toString());
        if (dataschema != null) {
            headers.put(CloudEventHeaders.DATASCHEMA, dataschema.toString());
        }
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return headers;
    }

    /** Writes the binary-mode headers, replacing any with the same names. */
    public void writeHeaders(Headers headers) {
        headerValues().forEach((name, value) -> headers.remove(name).add(name, value.getBytes(UTF_8)));
    }

    /** The record value: the payload as JSON. */
    public byte[] dataBytes() {
        try {
            return EventJson.mapper().writeValueAsBytes(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code ce_type} of a record, or {@code null}: lets a consumer skip types it does not handle. */
    public static String typeOf(Headers headers) {
        return text(headers, CloudEventHeaders.TYPE);
    }

    /** Reads a record whose payload class follows from its {@code ce_type}. */
    public static HeedEvent<?> read(Headers headers, byte[] value) {
        String type = typeOf(headers);
        EventType eventType = EventType.find(type)
                .orElseThrow(() -> new InvalidEventException("unknown " + CloudEventHeaders.TYPE + " " + type));
        return read(headers, value, eventType.payload());
    }

    public static <T> HeedEvent<T> read(Headers headers, byte[] value, Class<T> payloadType) {
        return read(name -> text(headers, name), value, payloadType);
    }

    /** Reads from headers as text, the inverse of {@link #headerValues()}. */
    public static <T> HeedEvent<T> read(Map<String, String> headers, byte[] value, Class<T> payloadType) {
        return read(headers::get, value, payloadType);
    }

    private static <T> HeedEvent<T> read(Function<String, String> header, byte[] value, Class<T> payloadType) {
        if (value == null) {
            throw new InvalidEventException("a tombstone carries no event");
        }
        String specversion = header.apply(CloudEventHeaders.SPECVERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specversion)) {
            throw new InvalidEventException(CloudEventHeaders.SPECVERSION + " must be 1.0, was " + specversion);
        }
        String contentType = header.apply(CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(CloudEventHeaders.JSON)) {
            throw new InvalidEventException(CloudEventHeaders.CONTENT_TYPE + " must be " + CloudEventHeaders.JSON);
        }
        String dataschema = header.apply(CloudEventHeaders.DATASCHEMA);
        try {
            return new HeedEvent<>(header.apply(CloudEventHeaders.ID), header.apply(CloudEventHeaders.SOURCE),
                    header.apply(CloudEventHeaders.TYPE), header.apply(CloudEventHeaders.SUBJECT),
                    parseTime(header.apply(CloudEventHeaders.TIME)),
                    dataschema == null ? null : URI.create(dataschema), payload(value, payloadType));
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("malformed event: " + e.getMessage());
        }
    }

    // Jackson's messages quote the offending input, which may be an identity: name only the field.
    private static <T> T payload(byte[] value, Class<T> payloadType) {
        try {
            return EventJson.mapper().readValue(value, payloadType);
        } catch (ValueInstantiationException e) {
            throw new InvalidEventException("invalid " + payloadType.getSimpleName() + ": "
                    + (e.getCause() == null ? "rejected" : e.getCause().getMessage()));
        } catch (JsonMappingException e) {
            throw new InvalidEventException("invalid " + payloadType.getSimpleName() + " at " + e.getPathReference());
        } catch (IOException e) {
            throw new InvalidEventException("payload is not JSON");
        }
    }

    private static Instant parseTime(String time) {
        try {
            return OffsetDateTime.parse(Payloads.required(time, CloudEventHeaders.TIME)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(CloudEventHeaders.TIME + " is not an RFC 3339 timestamp", e);
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }
}
