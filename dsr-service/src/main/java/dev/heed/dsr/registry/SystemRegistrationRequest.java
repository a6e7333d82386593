package dev.heed.dsr.registry;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.SystemId;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.Transport;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/systems}: registers a system, or replaces what the registry
 * says about it. Checked as a whole before anything is read or written; a problem names the
 * field (as a JSON path) and never repeats the value.
 */
@Schema(name = "SystemRegistrationRequest")
public record SystemRegistrationRequest(
        @Schema(required = true, pattern = SystemId.REGEX, examples = "crm",
                description = "Lower-case letters, digits and hyphens; part of the system's topic names.")
        String systemId,

        @Schema(required = true, maxLength = MAX_TEXT, examples = "Customer relationship management")
        String name,

        @Schema(required = true, maxLength = MAX_TEXT, examples = "sales-platform")
        String ownerTeam,

        @Schema(required = true, description = "Data categories the system holds (at least one).",
                examples = "[\"contact\", \"billing\"]")
        List<String> dataCategories,

        @Schema(description = "Ids of the purposes it processes that data for.", examples = "[\"marketing-email\"]")
        List<String> purposes,

        @Schema(required = true, description = "The directives it handles (at least one).")
        List<DirectiveKind> directiveKinds,

        @Schema(description = "How it receives directives; KAFKA when absent. OPENDSR: a vendor that receives"
                + " OpenDSR 2.0 requests over HTTP at openDsrBaseUrl (ERASE only).")
        Transport transport,

        @Schema(examples = "https://opendsr.vendor.example.com/opendsr",
                description = "For OPENDSR only, and then required: the vendor's OpenDSR base URL (https),"
                        + " under which <base>/v2/discovery and <base>/v2/requests are served.")
        String openDsrBaseUrl) {

    static final int MAX_TEXT = 200;
    static final int MAX_ENTRIES = 100;
    /** Category and purpose ids are matched by equality when directives are routed: one spelling only. */
    static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /**
     * What OpenDSR carries that Heed can complete: erasure. Access and portability (an EXPORT) would
     * leave the vendor's results at its results_url, outside the package, and fail the export's hash
     * check, so they are refused until the package fetches them.
     */
    static final Set<DirectiveKind> OPENDSR_KINDS = Set.of(DirectiveKind.ERASE);

    /**
     * The validated definition, or an {@link InvalidInputException} naming the first offending field.
     *
     * @param allowHttp whether a vendor's base URL may be plain http (tests and the local stack only)
     */
    SystemDefinition toDefinition(boolean allowHttp) {
        if (!SystemId.isValid(systemId)) {
            throw new InvalidInputException("systemId", "must match " + SystemId.REGEX);
        }
        Transport chosen = transport == null ? Transport.KAFKA : transport;
        Set<DirectiveKind> kinds = kinds();
        String baseUrl = null;
        if (chosen == Transport.OPENDSR) {
            baseUrl = VendorBaseUrl.validated(openDsrBaseUrl, allowHttp);
            if (!OPENDSR_KINDS.containsAll(kinds)) {
                throw new InvalidInputException("directiveKinds", "an OPENDSR system handles only ERASE");
            }
        } else if (openDsrBaseUrl != null) {
            throw new InvalidInputException("openDsrBaseUrl", "is only for transport OPENDSR");
        }
        return new SystemDefinition(systemId, text(name, "name"), text(ownerTeam, "ownerTeam"),
                identifiers(dataCategories, "dataCategories", true), identifiers(purposes, "purposes", false),
                kinds, chosen, baseUrl);
    }

    private static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required and must not be blank");
        }
        if (value.strip().length() > MAX_TEXT) {
            throw new InvalidInputException(field, "must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static Set<String> identifiers(List<String> values, String field, boolean required) {
        if (values == null || values.isEmpty()) {
            if (required) {
                throw new InvalidInputException(field, "needs at least one entry");
            }
            return Set.of();
        }
        if (values.size() > MAX_ENTRIES) {
            throw new InvalidInputException(field, "must have at most " + MAX_ENTRIES + " entries");
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !IDENTIFIER.matcher(value).matches()) {
                throw new InvalidInputException(field + "[" + i + "]",
                        "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
        }
        return new LinkedHashSet<>(values);
    }

    private Set<DirectiveKind> kinds() {
        if (directiveKinds == null || directiveKinds.isEmpty()) {
            throw new InvalidInputException("directiveKinds", "needs at least one entry");
        }
        for (int i = 0; i < directiveKinds.size(); i++) {
            if (directiveKinds.get(i) == null) {
                throw new InvalidInputException("directiveKinds[" + i + "]", "must not be null");
            }
        }
        return Set.copyOf(directiveKinds);
    }
}
