package dev.heed.dsr.export;

import dev.heed.dsr.seal.AtRestEncryption;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveTask;
import dev.heed.directives.TaskState;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.directives.SystemRegistryView;
import dev.heed.dsr.request.SubjectRequest;
import dev.heed.dsr.request.SubjectRequestRepository;
import dev.heed.events.Application;
import dev.heed.dsr.notice.NoticeAddress;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.registry.SystemRegistration;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Access and portability packages: assembled from the systems' verified parts when the request's
 * directive settles, kept encrypted until they expire, downloaded by operators (each download an
 * audited event) or once by the customer through a link.
 */
@ApplicationScoped
public class ExportPackages {

    private static final int TOKEN_BYTES = 32;
    /** The link token's keyed hash: a copy of the table cannot be searched for links without the key. */
    private final javax.crypto.spec.SecretKeySpec linkKey;

    private final ExportParts parts;
    private final SubjectRequestRepository requests;
    private final ExportPartRepository storedParts;
    private final ExportPackageRepository packages;
    private final PackageNotifier notifier;
    private final SystemRegistryView registry;
    private final EventOutbox outbox;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ExportPackages(ExportParts parts, PackageNotifier notifier, SystemRegistryView registry, EventOutbox outbox,
            ExportConfig config, Clock clock, SubjectRequestRepository requests, ExportPartRepository storedParts,
            ExportPackageRepository packages) {
        this.parts = parts;
        this.requests = requests;
        this.storedParts = storedParts;
        this.packages = packages;
        this.notifier = notifier;
        this.registry = registry;
        this.outbox = outbox;
        this.ttl = config.packageTtl();
        this.clock = clock;
        this.linkKey = new javax.crypto.spec.SecretKeySpec(java.util.Base64.getDecoder().decode(config.key().trim()),
                "HmacSHA256");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException("heed.dsr.exports.package-ttl must be positive");
        }
    }

    /** A package as it is handed out: the JSON document and a file name for it. */
    public record Download(byte[] json, String fileName) {
    }

    /**
     * Called in the transaction that settles an access or portability request's directive, before
     * the request is closed: stores the package of every {@code DONE} system's part (an answer whose
     * hash matched no part already ended {@code FAILED}, see {@link UploadedPartCheck}) and hands the
     * customer's one-time link to the {@link PackageNotifier}. Any other directive is left alone.
     */
    public Uni<Void> assemble(Directive settled) {
        if (settled.kind() != DirectiveKind.EXPORT) {
            return Uni.createFrom().voidItem();
        }
        return requests.byDirective(settled.id()).chain(request -> {
            if (request == null || request.isClosed()
                    || (request.requestType != RequestType.ACCESS && request.requestType != RequestType.PORTABILITY)) {
                return Uni.createFrom().voidItem();
            }
            return storedParts.ofDirective(settled.id()).chain(stored -> store(request, settled,
                    stored.stream().collect(Collectors.toMap(part -> part.systemId, Function.identity()))));
        });
    }

    private Uni<Void> store(SubjectRequest request, Directive verified, Map<String, ExportPart> parts) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(ttl);
        List<PackageManifest.SystemEntry> entries = new ArrayList<>();
        ObjectMapper json = EventJson.mapper();
        ObjectNode contents = json.createObjectNode();
        for (DirectiveTask task : verified.tasks()) {
            ExportPart part = parts.get(task.systemId());
            // A system handled by hand may have uploaded nothing.
            boolean included = task.state() == TaskState.DONE && part != null;
            String name = registry.system(task.systemId()).map(SystemRegistration::name).orElse(null);
            entries.add(new PackageManifest.SystemEntry(task.systemId(), name, status(task, included), task.recordsAffected(),
                    included ? part.sha256 : null, included ? part.sizeBytes : null,
                    included ? part.contentType : null));
            if (included) {
                contents.set(task.systemId(), content(json, part, this.parts.open(part)));
            }
        }
        PackageManifest manifest = new PackageManifest(request.id, request.regulation, request.requestType, now,
                expiresAt, entries);
        ObjectNode document = json.createObjectNode();
        document.set("manifest", json.valueToTree(manifest));
        document.set("parts", contents);
        byte[] plaintext = bytes(json, document);

        String token = newToken();
        ExportPackage stored = new ExportPackage();
        stored.requestId = request.id;
        stored.directiveId = verified.id();
        stored.sizeBytes = plaintext.length;
        stored.sha256 = ExportParts.sha256Hex(plaintext);
        AtRestEncryption.Sealed sealed = this.parts.encryption().seal(plaintext,
                ExportPackage.associatedData(request.id));
        stored.nonce = sealed.nonce();
        stored.ciphertext = sealed.ciphertext();
        stored.generatedAt = now;
        stored.expiresAt = expiresAt;
        stored.linkTokenHash = tokenHash(token);
        PackageLink link = new PackageLink(request.id, NoticeAddress.email(request.identities),
                this.parts.publicUrl() + "/public/v1/packages/" + token, expiresAt);
        return packages.persist(stored).chain(() -> notifier.send(link));
    }

    private static String status(DirectiveTask task, boolean included) {
        return switch (task.state()) {
            case DONE -> included ? "INCLUDED" : "COMPLETED_BY_HAND";
            case NOT_APPLICABLE -> "NO_DATA";
            case FAILED -> UploadedPartCheck.HASH_MISMATCH.equals(task.reason()) ? "HASH_MISMATCH" : "FAILED";
            case PENDING, OVERDUE -> "NO_ANSWER";
        };
    }

    /** A JSON part is embedded as JSON; anything else (or JSON that does not parse) as base64. */
    private static ObjectNode content(ObjectMapper json, ExportPart part, byte[] data) {
        ObjectNode node = json.createObjectNode();
        node.put("contentType", part.contentType);
        String type = part.contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json") || type.contains("+json")) {
            try {
                node.put("encoding", "json");
                node.set("data", json.readTree(data));
                return node;
            } catch (java.io.IOException e) {
                // Declared as JSON but not JSON: handed over exactly as uploaded.
            }
        }
        node.put("encoding", "base64");
        node.put("data", Base64.getEncoder().encodeToString(data));
        return node;
    }

    /**
     * The package of a request for an operator; the download is published as an operator action
     * naming them. Empty when the request has no package; {@link ExportRefused} (410) once expired.
     */
    public Uni<Optional<Download>> forOperator(UUID requestId, String operator, String role) {
        return Panache.withTransaction(() -> packages.findById(requestId).chain(stored -> {
            if (stored == null) {
                return Uni.createFrom().item(Optional.<Download>empty());
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            if (stored.isExpired(now)) {
                throw ExportRefused.gone("the package has expired");
            }
            Download download = open(stored);
            return requests.findById(requestId)
                    .chain(request -> downloaded(requestId, request == null ? null : request.subjectKey, operator,
                            role, now))
                    .replaceWith(Optional.of(download));
        }));
    }

    /**
     * The package behind a one-time link: it works once. Empty for a token that never existed (or
     * whose package was deleted); {@link ExportRefused} (410) once used or expired.
     */
    public Uni<Optional<Download>> byLink(String token) {
        byte[] hash = tokenHash(token);
        return Panache.withTransaction(() -> packages.byLinkLocked(hash)
                .map(stored -> {
                    if (stored == null) {
                        return Optional.<Download>empty();
                    }
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    if (stored.linkUsedAt != null) {
                        throw ExportRefused.gone("this link has been used");
                    }
                    if (stored.isExpired(now)) {
                        throw ExportRefused.gone("the package has expired");
                    }
                    stored.linkUsedAt = now;
                    return Optional.of(open(stored));
                }));
    }

    /**
     * Deletes expired packages and the parts of closed requests, whose
     * content is in the package. Yields how many rows went.
     */
    Uni<Integer> deleteExpired() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> packages.deleteExpired(now)
                .chain(count -> storedParts.deleteOfClosedRequests().map(deleted -> (int) (count + deleted))));
    }

    private Download open(ExportPackage stored) {
        byte[] json = parts.encryption().open(new AtRestEncryption.Sealed(stored.nonce, stored.ciphertext),
                ExportPackage.associatedData(stored.requestId));
        return new Download(json, "heed-package-" + stored.requestId + ".json");
    }

    private Uni<Void> downloaded(UUID requestId, String subjectKey, String operator, String role, Instant at) {
        OperatorAction performed = new OperatorAction(UUID.randomUUID(), operator, role, "package.downloaded",
                requestId.toString(), subjectKey, null, at);
        return outbox.append(Topics.DSR_EVENTS,
                HeedEvent.of(EventType.DSR_OPERATOR_ACTION, Application.DSR_SERVICE.source(), at, performed));
    }

    private String newToken() {
        byte[] token = new byte[TOKEN_BYTES];
        random.nextBytes(token);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** HMAC-SHA256 with the at-rest key, under a label of its own so it is never the key's other use. */
    private byte[] tokenHash(String token) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(linkKey);
            mac.update("heed package link\0".getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(token.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] bytes(ObjectMapper json, JsonNode document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the package cannot be written as JSON", e);
        }
    }
}
