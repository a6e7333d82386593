package dev.heed.dsr.request;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.ratelimit.RateLimited;
import dev.heed.dsr.ratelimit.RouteGroup;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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

    private final SubjectRequests requests;

    PublicRequestResource(SubjectRequests requests) {
        this.requests = requests;
    }

    @POST
    @RateLimited(RouteGroup.SUBMISSION)
    @Operation(summary = "Ask for a right; a one-time code goes to the e-mail address",
            description = "202: the request waits for the code. Nothing reaches any system before it is entered.")
    public Uni<RestResponse<RequestProgress>> submit(Submission submission) {
        if (submission == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        if (submission.type() == null) {
            throw new InvalidInputException("type", "is required: ACCESS, PORTABILITY, ERASURE, RECTIFICATION, "
                    + "RESTRICTION, OBJECTION or OPT_OUT_OF_SALE");
        }
        if (submission.type() == RequestType.RECTIFICATION) {
            throw new InvalidInputException("type", "a correction needs an operator, who takes the corrected values");
        }
        if (submission.regulation() == null) {
            throw new InvalidInputException("regulation", "is required");
        }
        RequestSubmission.optOutRegulation(submission.type(), submission.regulation());
        String email = RequestSubmission.email(submission.email(), "email");
        return requests.receiveFromRequester(submission.type(), submission.regulation(), email)
                .map(request -> RestResponse.accepted(RequestProgress.of(request)));
    }

    @POST
    @Path("{id}/verification")
    @RateLimited(RouteGroup.VERIFICATION)
    @Operation(summary = "Enter the one-time code",
            description = "400 for a wrong code (with the attempts left), 409 when expired, already verified, or "
                    + "rejected after too many wrong codes.")
    public Uni<RequestProgress> verify(@RestPath String id, Code code) {
        if (code == null) {
            throw new InvalidInputException("code", "is required");
        }
        return requests.verifyRequester(RequestResource.uuid(id), code.code()).map(RequestProgress::of);
    }

    @GET
    @Path("{id}")
    @RateLimited(RouteGroup.VERIFICATION)
    @Operation(summary = "Where the request stands")
    public Uni<RequestProgress> progress(@RestPath String id) {
        return requests.find(RequestResource.uuid(id)).map(found -> found.map(RequestProgress::of))
                .map(found -> found.orElseThrow(NotFoundException::new));
    }

    @Schema(name = "PublicRequestSubmission")
    public record Submission(@Schema(required = true) RequestType type, @Schema(required = true) Regulation regulation,
            @Schema(required = true, examples = "ada@example.com") String email) {

        @Override
        public String toString() {
            return "Submission[type=" + type + ", regulation=" + regulation + "]";
        }
    }

    public record Code(@Schema(required = true, examples = "482913") String code) {

        @Override
        public String toString() {
            return "Code[…]";
        }
    }

    /** What a requester may see of their request: no identity, no subject key, no systems. */
    public record RequestProgress(UUID id, RequestType type, Regulation regulation, RequestStatus status,
            Instant receivedAt, Instant deadline, Instant closedAt) {

        static RequestProgress of(RequestView request) {
            return new RequestProgress(request.id(), request.type(), request.regulation(), request.status(),
                    request.receivedAt(), request.deadline(), request.closedAt());
        }
    }
}
