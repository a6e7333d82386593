package dev.heed.dsr.opendsr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A validated OpenDSR request body (spec section 7.1). It carries identities: it never leaves this
 * service's memory as it is, and {@link #toString} names none.
 *
 * @param customerId the raw {@code controller_customer_id}, if sent
 * @param identities everything else the systems match on: {@code <identity_type>} for a raw value,
 *     {@code <identity_type>:<identity_format>} for a hashed one (lower-case hex, never reversed)
 */
public record OpenDsrSubmission(UUID subjectRequestId, RequestType type, Regulation regulation,
        OffsetDateTime submittedTime, String apiVersion, List<URI> callbackUrls, String customerId,
        Map<String, List<String>> identities) {

    public static final Set<String> IDENTITY_TYPES = Set.of("controller_customer_id", "android_advertising_id",
            "android_id", "email", "fire_advertising_id", "ios_advertising_id", "ios_vendor_id",
            "microsoft_advertising_id", "microsoft_publisher_id", "roku_publisher_id", "roku_advertising_id");
    public static final List<String> IDENTITY_FORMATS = List.of("raw", "sha1", "md5", "sha256");
    public static final List<String> REQUEST_TYPES = List.of("erasure", "access", "portability");

    static final String CUSTOMER_ID = "controller_customer_id";
    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Map<String, Pattern> HASHES = Map.of("sha1", Pattern.compile("[0-9a-fA-F]{40}"),
            "md5", Pattern.compile("[0-9a-fA-F]{32}"), "sha256", Pattern.compile("[0-9a-fA-F]{64}"));
    private static final int MAX_IDENTITIES = 20;
    private static final int MAX_VALUE = 320;
    private static final int MAX_CALLBACKS = 10;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Parses and checks the exact body.
     *
     * @param mayCallBack whether the sending controller may be called back at a URL
     * @throws OpenDsrRefusal naming the first field that is wrong
     */
    public static OpenDsrSubmission parse(byte[] body, boolean allowHttp, Predicate<URI> mayCallBack) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new OpenDsrRefusal("MalformedJson", "the body is not well-formed JSON");
        } catch (IOException e) {
            throw new OpenDsrRefusal("MalformedJson", "the body cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new OpenDsrRefusal("MalformedJson", "the body must be a JSON object");
        }
        String id = text(root, "subject_request_id", true);
        if (!UUID_V4.matcher(id).matches()) {
            throw new OpenDsrRefusal("InvalidField", "subject_request_id must be a lower-case UUID v4");
        }
        String type = text(root, "subject_request_type", true);
        if (!REQUEST_TYPES.contains(type)) {
            throw new OpenDsrRefusal("InvalidField", "subject_request_type must be one of " + REQUEST_TYPES);
        }
        String apiVersion = text(root, "api_version", false);
        Regulation regulation = regulation(text(root, "regulation", false), apiVersion);
        OffsetDateTime submitted;
        try {
            submitted = OffsetDateTime.parse(text(root, "submitted_time", true), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new OpenDsrRefusal("InvalidField", "submitted_time must be an RFC 3339 date-time");
        }
        List<URI> callbacks = callbacks(root.get("status_callback_urls"), allowHttp, mayCallBack);
        JsonNode extensions = root.get("extensions");
        if (extensions != null && !extensions.isNull() && !extensions.isObject()) {
            throw new OpenDsrRefusal("InvalidField", "extensions must be an object keyed by processor domain");
        }
        String customerId = null;
        Map<String, List<String>> identities = new LinkedHashMap<>();
        JsonNode given = root.get("subject_identities");
        if (given == null || !given.isArray() || given.isEmpty()) {
            throw new OpenDsrRefusal("MissingField", "subject_identities must list at least one identity");
        }
        if (given.size() > MAX_IDENTITIES) {
            throw new OpenDsrRefusal("InvalidField", "subject_identities lists at most " + MAX_IDENTITIES);
        }
        for (int i = 0; i < given.size(); i++) {
            JsonNode identity = given.get(i);
            String field = "subject_identities[" + i + "]";
            if (!identity.isObject()) {
                throw new OpenDsrRefusal("InvalidField", field + " must be an identity object");
            }
            String identityType = text(identity, "identity_type", true, field + ".identity_type");
            if (!IDENTITY_TYPES.contains(identityType)) {
                throw new OpenDsrRefusal("InvalidField", field + ".identity_type is not a supported identity type");
            }
            String format = text(identity, "identity_format", true, field + ".identity_format");
            if (!IDENTITY_FORMATS.contains(format)) {
                throw new OpenDsrRefusal("InvalidField", field + ".identity_format must be one of " + IDENTITY_FORMATS);
            }
            String value = text(identity, "identity_value", true, field + ".identity_value").strip();
            if (value.isEmpty() || value.length() > MAX_VALUE) {
                throw new OpenDsrRefusal("InvalidField", field + ".identity_value must be 1 to " + MAX_VALUE + " characters");
            }
            if (!format.equals("raw")) {
                if (!HASHES.get(format).matcher(value).matches()) {
                    throw new OpenDsrRefusal("InvalidField", field + ".identity_value must be the hex " + format + " digest");
                }
                identities.computeIfAbsent(identityType + ":" + format, k -> new ArrayList<>())
                        .add(value.toLowerCase(Locale.ROOT));
            } else if (identityType.equals(CUSTOMER_ID)) {
                if (customerId != null && !customerId.equals(value)) {
                    throw new OpenDsrRefusal("InvalidField", field + " is a second controller_customer_id");
                }
                customerId = value;
            } else {
                if (identityType.equals("email") && !EMAIL.matcher(value).matches()) {
                    throw new OpenDsrRefusal("InvalidField", field + ".identity_value is not an e-mail address");
                }
                identities.computeIfAbsent(identityType, k -> new ArrayList<>())
                        .add(identityType.equals("email") ? value.toLowerCase(Locale.ROOT) : value);
            }
        }
        identities.replaceAll((k, values) -> List.copyOf(values));
        return new OpenDsrSubmission(UUID.fromString(id), RequestType.valueOf(type.toUpperCase(Locale.ROOT)),
                regulation, submitted, apiVersion, callbacks, customerId, Map.copyOf(identities));
    }

    /** 2.0 requires the regulation; an OpenGDPR 1.x request (api_version 1.x) predates it and is GDPR. */
    private static Regulation regulation(String given, String apiVersion) {
        if (given == null) {
            if (apiVersion != null && apiVersion.startsWith("1.")) {
                return Regulation.GDPR;
            }
            throw new OpenDsrRefusal("MissingField", "regulation field is required");
        }
        return switch (given) {
            case "gdpr" -> Regulation.GDPR;
            case "ccpa" -> Regulation.CCPA;
            default -> throw new OpenDsrRefusal("InvalidField", "regulation must be gdpr or ccpa");
        };
    }

    private static List<URI> callbacks(JsonNode given, boolean allowHttp, Predicate<URI> mayCallBack) {
        if (given == null || given.isNull()) {
            return List.of();
        }
        if (!given.isArray() || given.size() > MAX_CALLBACKS) {
            throw new OpenDsrRefusal("InvalidField", "status_callback_urls must be an array of at most "
                    + MAX_CALLBACKS + " URLs");
        }
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "status_callback_urls[" + i + "]";
            if (!given.get(i).isTextual()) {
                throw new OpenDsrRefusal("InvalidField", field + " must be a URL");
            }
            URI url;
            try {
                url = new URI(given.get(i).asText());
            } catch (URISyntaxException e) {
                throw new OpenDsrRefusal("InvalidField", field + " must be a URL");
            }
            boolean scheme = "https".equals(url.getScheme()) || (allowHttp && "http".equals(url.getScheme()));
            if (!scheme || url.getHost() == null) {
                throw new OpenDsrRefusal("InvalidField", field + " must be an absolute https URL");
            }
            if (!mayCallBack.test(url)) {
                throw new OpenDsrRefusal("InvalidField", field + " is not on a host configured for this controller");
            }
            if (!urls.contains(url)) {
                urls.add(url);
            }
        }
        return List.copyOf(urls);
    }

    private static String text(JsonNode node, String name, boolean required) {
        return text(node, name, required, name);
    }

    private static String text(JsonNode node, String name, boolean required, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new OpenDsrRefusal("MissingField", field + " field is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new OpenDsrRefusal("InvalidField", field + " must be a string");
        }
        return value.asText();
    }

    /** What the subject key is made of when no customer id was sent: the first identity, kind first. */
    String firstIdentity() {
        Map.Entry<String, List<String>> first = identities.entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).findFirst().orElseThrow();
        return first.getKey() + ":" + first.getValue().get(0);
    }

    @Override
    public String toString() {
        return "OpenDsrSubmission[subjectRequestId=" + subjectRequestId + ", type=" + type + ", regulation="
                + regulation + "]";
    }
}
