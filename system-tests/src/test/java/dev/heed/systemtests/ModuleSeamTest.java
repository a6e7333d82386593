package dev.heed.systemtests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The directive library's public seam is what its package documentation lists, nothing else of it
 * is public, the other modules' code uses only that seam, and audit-service (which issues no
 * directives) does not use the library at all. Reads the modules' compiled classes, which the
 * reactor built before this module.
 */
class ModuleSeamTest {

    private static final Path ROOT = Path.of(System.getProperty("heed.project.root", ".."));
    private static final String LIBRARY = "dev.heed.directives";
    private static final List<String> USERS = List.of("consent-service", "dsr-service", "retention-service",
            "audit-service", "heed-platform", "privacy-client", "examples/support-desk", "examples/marketing-mailer");

    private final JavaClasses library = classesOf("privacy-directives");

    @Test
    void thePublicTypesAreExactlyThoseThePackageDocumentationLists() throws IOException {
        String documentation = Files.readString(ROOT.resolve(
                "privacy-directives/src/main/java/dev/heed/directives/package-info.java"));
        Set<String> listed = new TreeSet<>();
        java.util.regex.Matcher link = java.util.regex.Pattern
                .compile("\\{@link " + LIBRARY.replace(".", "\\.") + "\\.([A-Za-z]+)}").matcher(documentation);
        while (link.find()) {
            listed.add(link.group(1));
        }
        assertFalse(listed.isEmpty(), "the package documentation lists the seam with {@link ...}");
        assertEquals(listed, publicTopLevelTypes());
    }

    @Test
    void otherModulesUseOnlyTheSeam() {
        Set<String> seam = publicTopLevelTypes();
        DescribedPredicate<JavaClass> internal = DescribedPredicate.describe("internal to the directive library",
                type -> type.getPackageName().equals(LIBRARY) && !seam.contains(topLevel(type).getSimpleName()));
        JavaClasses users = classesOf(USERS.toArray(String[]::new));
        assertTrue(users.size() > 100, "the other modules' classes were found: " + users.size());
        noClasses().that().resideOutsideOfPackage(LIBRARY + "..")
                .should().dependOnClassesThat(internal)
                .check(users);
    }

    @Test
    void auditServiceDoesNotDependOnTheDirectiveLibrary() throws IOException {
        noClasses().should().dependOnClassesThat().resideInAPackage(LIBRARY + "..")
                .check(classesOf("audit-service"));
        Path lib = ROOT.resolve("audit-service/target/quarkus-app/lib/main");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                assertEquals(List.of(), jars.map(jar -> jar.getFileName().toString())
                        .filter(name -> name.contains("privacy-directives")).toList());
            }
        }
    }

    private Set<String> publicTopLevelTypes() {
        return library.stream()
                .filter(type -> type.getPackageName().equals(LIBRARY))
                .filter(type -> type.getEnclosingClass().isEmpty())
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.getSimpleName().equals("package-info"))
                .map(JavaClass::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JavaClass topLevel(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    private static JavaClasses classesOf(String... modules) {
        List<Path> dirs = Stream.of(modules).map(module -> ROOT.resolve(module).resolve("target/classes")).toList();
        dirs.forEach(dir -> assertTrue(Files.isDirectory(dir), dir + " is built"));
        return new ClassFileImporter().importPaths(dirs);
    }
}
