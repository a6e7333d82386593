package dev.heed.deploy.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Splits a multi-document YAML stream (kubectl kustomize output, a template file) into its objects. */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Manifests() {
    }

    public static List<JsonNode> parse(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** "Kind namespace/name" for messages. */
    public static String describe(JsonNode document) {
        JsonNode metadata = document.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        return document.path("kind").asText("?") + " " + (namespace.isEmpty() ? "" : namespace + "/")
                + metadata.path("name").asText("?");
    }
}
