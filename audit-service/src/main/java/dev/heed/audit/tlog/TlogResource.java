package dev.heed.audit.tlog;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import dev.heed.audit.head.SignedHeads;
import dev.heed.audit.verify.c2sp.SignedNote;
import dev.heed.audit.witness.Cosignatures;
import dev.heed.audit.witness.Witnesses;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The log as c2sp.org/tlog-tiles, beside the JSON API: the latest signed head as a checkpoint, the
 * Merkle tree as tiles and the records as entry bundles, so an auditor checks Heed with the tools
 * of the transparency-log world. Checkpoint, verifier key and hash tiles are open (hashes and
 * public keys, like {@code /audit/keys.json}); entry bundles hold the records and need an
 * auditor's token, like {@code /api/v1/audit/entries}.
 */
@Path("/")
@Tag(name = "audit tiles", description = "The audit log in the C2SP transparency-log formats")
public class TlogResource {

    static final String TEXT = "text/plain; charset=utf-8";
    static final String OCTETS = "application/octet-stream";
    private static final int IMMUTABLE_SECONDS = 365 * 24 * 3600;
    private static final int PARTIAL_SECONDS = 60;
    private static final int CHECKPOINT_SECONDS = 5;

    private final SignedHeads heads;
    private final NoteSigner notes;
    private final Tiles tiles;
    private final Witnesses witnesses;
    private final Cosignatures cosignatures;

    TlogResource(SignedHeads heads, NoteSigner notes, Tiles tiles, Witnesses witnesses, Cosignatures cosignatures) {
        this.heads = heads;
        this.notes = notes;
        this.tiles = tiles;
        this.witnesses = witnesses;
        this.cosignatures = cosignatures;
    }

    @GET
    @Path("checkpoint")
    @Produces(TEXT)
    @Operation(summary = "The latest published tree head as a c2sp.org/tlog-checkpoint signed note, with the "
            + "witnesses' cosignatures (404 before the first)",
            description = "Published: cosigned by at least heed.audit.witnessing.required witnesses.")
    public Uni<Response> checkpoint() {
        return heads.latestPublished(witnesses.required()).chain(head -> head.isEmpty()
                ? Uni.createFrom().item(Response.status(Response.Status.NOT_FOUND).type(TEXT)
                        .entity("no tree head published yet\n").build())
                : cosignatures.lines(head.get().treeSize()).map(lines -> {
                    SignedNote note = notes.sign(head.get());
                    for (String line : lines) {
                        note = note.with(SignedNote.Line.parse(line));
                    }
                    return cached(Response.ok(note.format(), TEXT), CHECKPOINT_SECONDS);
                }));
    }

    @GET
    @Path("checkpoint.vkey")
    @Produces(TEXT)
    @Operation(summary = "The verifier key (c2sp.org/signed-note vkey) checkpoints verify with")
    public String vkey() {
        return notes.vkey() + "\n";
    }

    @GET
    @Path("tile/{path: [0-7](/[x0-9]+)+(\\.p/[0-9]+)?}")
    @Produces(OCTETS)
    @Operation(summary = "A Merkle tree tile: 256 (or, partial, W) hashes of level 8L")
    public Uni<Response> tile(@RestPath String path) {
        TileAddress tile = TileAddress.parse(path);
        return tiles.hashes(tile).map(bytes -> served(tile, bytes));
    }

    @GET
    @Path("tile/entries/{path: [x0-9/]+(\\.p/[0-9]+)?}")
    @Produces(OCTETS)
    @RolesAllowed({AUDITOR, PRIVACY_ADMIN})
    @Operation(summary = "An entry bundle: the records (RFC 8785 JSON) whose leaf hashes tile 0/N holds")
    public Uni<Response> entries(@RestPath String path) {
        TileAddress tile = TileAddress.parse("entries/" + path);
        return tiles.entries(tile).map(bytes -> served(tile, bytes));
    }

    private static Response served(TileAddress tile, Optional<byte[]> bytes) {
        return bytes.map(body -> cached(Response.ok(body, OCTETS), tile.partial() ? PARTIAL_SECONDS : IMMUTABLE_SECONDS))
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(TEXT)
                        .entity("the log holds no such tile yet\n").build());
    }

    private static Response cached(Response.ResponseBuilder response, int seconds) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(seconds);
        cache.setNoTransform(false);
        return response.cacheControl(cache).build();
    }
}
