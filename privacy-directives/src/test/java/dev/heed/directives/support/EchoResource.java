package dev.heed.directives.support;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** A stand-in for a service endpoint that takes a JSON body, to exercise the shared problem mappers. */
@Path("/test/echo")
@PermitAll
public class EchoResource {

    public record Item(String name, int quantity) {
        public Item {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name is required");
            }
        }
    }

    public record Order(String customer, Instant placedAt, List<Item> items) {
        public Order {
            if (customer == null || customer.isBlank()) {
                throw new IllegalArgumentException("customer is required");
            }
        }
    }

    public record Parcel(@NotBlank String label, @Positive int weight, @Valid List<@NotNull Item> items) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Order echo(Order order) {
        return order;
    }

    /** Bean Validation instead of a constructor check. */
    @POST
    @Path("/parcel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Parcel parcel(@Valid Parcel parcel, @QueryParam("copies") @Max(5) Integer copies) {
        return parcel;
    }
}
