package dev.heed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository carries its own map: every relative link and anchor in README.md, docs/ and the
 * modules' READMEs resolves, the front door stays short and links every page, and the build
 * rendered the OpenAPI references.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
    private static final Path API = Path.of(System.getProperty("heed.api.dir", "target/api"));
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".state");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<String> broken = new ArrayList<>();
        List<Path> pages = markdownPages();
        assertTrue(pages.size() >= 15, "found only " + pages);
        for (Path page : pages) {
            for (String target : links(page)) {
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void readmeIsTheFrontDoor() throws IOException {
        Path readme = ROOT.resolve("README.md");
        long lines = Files.readAllLines(readme).size();
        assertTrue(lines < 250, "README.md has " + lines + " lines; keep it under 250 and move detail to docs/");
        Set<Path> linked = new HashSet<>();
        for (String target : links(readme)) {
            if (!isExternal(target)) {
                linked.add(readme.getParent().resolve(pathPart(target)).normalize());
            }
        }
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> unlinked = docs.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !linked.contains(p.normalize()))
                    .toList();
            assertEquals(List.of(), unlinked, "pages under docs/ the README does not link");
        }
    }

    @Test
    void theBuildRenderedEveryServicesOpenApiReference() throws IOException {
        for (String service : List.of("consent-service", "dsr-service", "audit-service", "retention-service")) {
            Path html = API.resolve(service).resolve("index.html");
            assertTrue(Files.isRegularFile(html), html + " was not generated");
            String text = Files.readString(html);
            assertTrue(text.contains("Heed " + service), html + " does not render the " + service + " document");
            assertTrue(text.contains("/api/v1/"), html + " lists no /api/v1 operation");
        }
    }

    @Test
    void anchorsFollowGithubSlugs() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("OpenDSR 2.0 (optional)", "opendsr-20-optional");
        expected.put("Withdrawal fan-out, expiry, erased subjects", "withdrawal-fan-out-expiry-erased-subjects");
        expected.put("The `privacy-client` SDK", "the-privacy-client-sdk");
        expected.forEach((heading, slug) -> assertEquals(slug, slug(heading)));
    }

    private static List<Path> markdownPages() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> ROOT.relativize(p).getNameCount() == 1
                            || p.startsWith(ROOT.resolve("docs"))
                            || p.getFileName().toString().equals("README.md"))
                    .filter(p -> {
                        for (Path part : ROOT.relativize(p)) {
                            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Link targets outside fenced code blocks and inline code. */
    private static List<String> links(Path page) {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : read(page)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    private static String problem(Path page, String target) {
        if (isExternal(target)) {
            return null;
        }
        String path = pathPart(target);
        Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(file)) {
            return "no such file";
        }
        int hash = target.indexOf('#');
        if (hash < 0) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        if (!file.toString().endsWith(".md")) {
            return "anchor into a file that is not Markdown";
        }
        return anchors(file).contains(anchor) ? null : "no heading with anchor #" + anchor;
    }

    private static boolean isExternal(String target) {
        return target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    private static String pathPart(String target) {
        int hash = target.indexOf('#');
        return hash < 0 ? target : target.substring(0, hash);
    }

    /** GitHub's heading anchors: slugs, with -1, -2, ... for repeated headings. */
    private static Set<String> anchors(Path page) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean fenced = false;
        for (String line : read(page)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String slug = slug(m.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static List<String> read(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
