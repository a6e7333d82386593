package dev.heed.dsr.request;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.ratelimit.RateLimited;
import dev.heed.dsr.ratelimit.RouteGroup;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * What a customer uses without an account: ask for a right, enter the one-time code sent to the
 * address they gave, follow the request. Answers never contain the address or the subject key.
 * Each client address has a limited number of requests per window ({@link RateLimited}).
 */
@Path("/public/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "public requests", description = "Data-subject requests by the customer, verified by a one-time code")
public class PublicRequestResource {

    private final RequestFiling filing;
    private final RequesterVerification verification;
    private final RequestListing listing;

    PublicRequestResource(RequestFiling filing, RequesterVerification verification, RequestListing listing) {
        this.filing = filing;
        this.verification = verification;
        this.listing = listing;
    }

    @POST
    @RateLimited(RouteGroup.SUBMISSION)
    @Operation(summary = "Ask for a right; a one-time code goes to the e-mail address",
            description = "202: the request waits for the code. Nothing reaches any system before it is entered. "
                    + "Only an e-mail address can be verified here: a phone number is refused (400).")
    @APIResponse(responseCode = "202", description = "Received; a one-time code went to the e-mail address",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RequestProgress.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    @APIResponse(responseCode = "429", description = "Too many requests from this address (problem+json, Retry-After)")
    public Uni<RestResponse<RequestProgress>> submit(@Valid Submission submission) {
        if (submission == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        if (submission.type() == RequestType.RECTIFICATION) {
            throw new InvalidInputException("type", "a correction needs an operator, who takes the corrected values");
        }
        if (submission.phone() != null) {
            throw new InvalidInputException("phone", "cannot be verified here: give an e-mail address, or ask an "
                    + "operator, who verifies a phone number");
        }
        RequestSubmission.optOutRegulation(submission.type(), submission.regulation());
        String email = RequestSubmission.email(submission.email(), "email");
        return filing.receiveFromRequester(submission.type(), submission.regulation(), email)
                .map(request -> RestResponse.accepted(RequestProgress.of(request)));
    }

    @POST
    @Path("{id}/verification")
    @RateLimited(RouteGroup.VERIFICATION)
    @Operation(summary = "Enter the one-time code",
            description = "400 for a wrong code (with the attempts left), 409 when expired, already verified, or "
                    + "rejected after too many wrong codes.")
    @APIResponse(responseCode = "200", description = "Verified: the request goes on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestProgress.class)))
    @APIResponse(responseCode = "400", description = "A wrong code, with the attempts left, or not a request id (problem+json)")
    @APIResponse(responseCode = "404", description = "No such request (problem+json)")
    @APIResponse(responseCode = "409", description = "Expired, already verified, or rejected after too many wrong codes (problem+json)")
    public Uni<RequestProgress> verify(@RestPath String id, @Valid Code code) {
        if (code == null) {
            throw new InvalidInputException("code", "is required");
        }
        return verification.verify(RequestResource.uuid(id), code.code()).map(RequestProgress::of);
    }

    @GET
    @Path("{id}")
    @RateLimited(RouteGroup.VERIFICATION)
    @Operation(summary = "Where the request stands")
    @APIResponse(responseCode = "200", description = "The request's progress",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestProgress.class)))
    @APIResponse(responseCode = "400", description = "Not a request id (problem+json)")
    @APIResponse(responseCode = "404", description = "No such request (problem+json)")
    public Uni<RequestProgress> progress(@RestPath String id) {
        return listing.find(RequestResource.uuid(id)).map(found -> found.map(RequestProgress::of))
                .map(found -> found.orElseThrow(() -> new RequestNotFoundException("no such request")));
    }

    @Schema(name = "PublicRequestSubmission")
    public record Submission(@NotNull RequestType type, @NotNull Regulation regulation,
            @NotNull @Schema(examples = "ada@example.com") String email,
            @Schema(description = "Not accepted: a request with a phone number is refused (400), never filed "
                    + "without it. Only the e-mail address is verified by a one-time code.", deprecated = true)
            String phone) {

        @Override
        public String toString() {
            return "Submission[type=" + type + ", regulation=" + regulation + "]";
        }
    }

    public record Code(@NotNull @Schema(examples = "482913") String code) {

        @Override
        public String toString() {
            return "Code[…]";
        }
    }

    /** What a requester may see of their request: no identity, no subject key, no systems. */
    public record RequestProgress(UUID id, RequestType type, Regulation regulation, RequestStatus status,
            Instant receivedAt, Instant deadline, Instant closedAt) {

        static RequestProgress of(RequestResponse request) {
            return new RequestProgress(request.id(), request.type(), request.regulation(), request.status(),
                    request.receivedAt(), request.deadline(), request.closedAt());
        }
    }
}
