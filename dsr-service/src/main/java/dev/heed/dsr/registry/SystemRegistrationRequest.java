package dev.heed.dsr.registry;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.SystemId;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.Transport;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/systems}: registers a system, or replaces what the registry
 * says about it. Checked as a whole before anything is read or written (its annotations, which
 * OpenAPI shows too, then the rules across fields); a problem names the field (as a JSON path)
 * and never repeats the value.
 */
@Schema(name = "SystemRegistrationRequest")
public record SystemRegistrationRequest(
        @NotNull @Pattern(regexp = SystemId.REGEX) @Schema(examples = "crm",
                description = "Lower-case letters, digits and hyphens; part of the system's topic names.")
        String systemId,

        @NotBlank @Size(max = MAX_TEXT) @Schema(examples = "Customer relationship management")
        String name,

        @NotBlank @Size(max = MAX_TEXT) @Schema(examples = "sales-platform")
        String ownerTeam,

        @NotEmpty @Size(max = MAX_ENTRIES)
        @Schema(description = "Data categories the system holds (at least one).", examples = "[\"contact\", \"billing\"]")
        List<@NotNull @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String> dataCategories,

        @Size(max = MAX_ENTRIES)
        @Schema(description = "Ids of the purposes it processes that data for.", examples = "[\"marketing-email\"]")
        List<@NotNull @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String> purposes,

        @NotEmpty @Schema(description = "The directives it handles (at least one).")
        List<@NotNull DirectiveKind> directiveKinds,

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
    static final String IDENTIFIER = "[a-z0-9][a-z0-9._-]{0,99}";
    static final String IDENTIFIER_RULE =
            "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    /**
     * What OpenDSR carries that Heed can complete: erasure. Access and portability (an EXPORT) would
     * leave the vendor's results at its results_url, outside the package, and fail the export's hash
     * check, so they are refused until the package fetches them.
     */
    static final Set<DirectiveKind> OPENDSR_KINDS = Set.of(DirectiveKind.ERASE);

    /**
     * The definition of a body its annotations passed (Bean Validation, before the resource method),
     * or an {@link InvalidInputException} naming the field a rule across fields refuses.
     *
     * @param allowHttp whether a vendor's base URL may be plain http (tests and the local stack only)
     */
    SystemDefinition toDefinition(boolean allowHttp) {
        Transport chosen = transport == null ? Transport.KAFKA : transport;
        Set<DirectiveKind> kinds = Set.copyOf(directiveKinds);
        String baseUrl = null;
        if (chosen == Transport.OPENDSR) {
            baseUrl = VendorBaseUrl.validated(openDsrBaseUrl, allowHttp);
            if (!OPENDSR_KINDS.containsAll(kinds)) {
                throw new InvalidInputException("directiveKinds", "an OPENDSR system handles only ERASE");
            }
        } else if (openDsrBaseUrl != null) {
            throw new InvalidInputException("openDsrBaseUrl", "is only for transport OPENDSR");
        }
        return new SystemDefinition(systemId, name.strip(), ownerTeam.strip(), new LinkedHashSet<>(dataCategories),
                purposes == null ? Set.of() : new LinkedHashSet<>(purposes), kinds, chosen, baseUrl);
    }
}
