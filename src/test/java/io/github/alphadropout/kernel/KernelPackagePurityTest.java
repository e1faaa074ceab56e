package io.github.alphadropout.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel package is plain Java (DESIGN.md section 4): no source under
 * src/main/java/io/github/alphadropout/kernel mentions Spark or Scala, nor the packages that depend on it.
 * Maven runs tests in the project root, so the sources are found relative to it.
 */
class KernelPackagePurityTest {

    private static final Path KERNEL_SOURCES = Paths.get("src", "main", "java", "io", "github", "alphadropout", "kernel");

    /** An import (static or not) of Spark, Scala or the packages above the kernel. */
    private static final Pattern FORBIDDEN_IMPORT = Pattern.compile(
            "^\\s*import\\s+(static\\s+)?(org\\.apache\\.spark|scala|io\\.github\\.alphadropout\\.(sql|ml|job))\\b",
            Pattern.MULTILINE);
    /** A fully qualified use in code, e.g. {@code org.apache.spark.sql.Row} without an import. */
    private static final Pattern FORBIDDEN_QUALIFIED_NAME = Pattern.compile(
            "\\b(org\\.apache\\.spark\\.|scala\\.[a-z]|io\\.github\\.alphadropout\\.(sql|ml|job)\\.)");

    @Test
    void kernelSourcesImportNeitherSparkNorScala() throws IOException {
        List<Path> sources = kernelSources();
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            String code = withoutComments(Files.readString(source, StandardCharsets.UTF_8));
            Matcher imports = FORBIDDEN_IMPORT.matcher(code);
            while (imports.find()) {
                offences.add(source.getFileName() + ": " + imports.group().trim());
            }
            Matcher qualified = FORBIDDEN_QUALIFIED_NAME.matcher(code);
            while (qualified.find()) {
                offences.add(source.getFileName() + ": qualified use of " + qualified.group());
            }
        }
        assertTrue(offences.isEmpty(), "the kernel package must stay plain Java: " + offences);
    }

    @Test
    void scannerFindsTheKernelSourcesAndWouldCatchAnImport() throws IOException {
        List<String> names = kernelSources().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
        assertTrue(names.contains("AlphaDropoutOp.java") && names.contains("VectorAlphaDropoutKernel.java"),
                "scanned " + names);
        assertTrue(FORBIDDEN_IMPORT.matcher("package x;\nimport org.apache.spark.sql.Row;\n").find());
        assertTrue(FORBIDDEN_IMPORT.matcher("import static scala.Predef.println;").find());
        assertTrue(FORBIDDEN_IMPORT.matcher("import scala.collection.Seq;").find());
        assertTrue(FORBIDDEN_QUALIFIED_NAME.matcher("org.apache.spark.sql.Row r;").find());
        assertTrue(!FORBIDDEN_IMPORT.matcher("import jdk.incubator.vector.FloatVector;").find());
    }

    private static List<Path> kernelSources() throws IOException {
        assertTrue(Files.isDirectory(KERNEL_SOURCES), KERNEL_SOURCES.toAbsolutePath() + " not found; run from the"
                + " project root");
        try (Stream<Path> files = Files.walk(KERNEL_SOURCES)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
            assertTrue(sources.size() >= 10, "expected the kernel sources, found " + sources);
            return sources;
        }
    }

    /** Drops comments, so that a javadoc mentioning Spark is not an offence. */
    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }
}
