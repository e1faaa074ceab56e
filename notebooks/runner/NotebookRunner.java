/*
 * NotebookRunner: executes the Java notebooks (notebooks/*.ipynb) headlessly through JShell, the engine Java
 * Jupyter kernels (JJava, IJava) run on, and writes each code cell's output back into its .ipynb.
 *
 * Run it with notebooks/run-notebooks.sh, which builds the project and puts target/classes and every compile and
 * provided dependency (Spark included) on the class path. This is a single-file Java program (java launches it
 * from source): it needs nothing but the JDK and Jackson, which comes with Spark.
 *
 * How a notebook runs
 *   - Each notebook gets its own JShell whose snippets execute in a fresh JVM (JShell's default remote agent,
 *     launched through JDI), like a fresh kernel. That JVM inherits the class path from the CLASSPATH
 *     environment variable and gets the JVM flags Spark needs, read from pom.xml (properties
 *     vector.module.flag and spark.jvm.opens), plus -Djava.awt.headless=true and this folder's log4j2 and
 *     java.util.logging configurations (warnings and errors only, no timestamps).
 *   - Code cells run in order; markdown and raw cells are left alone. A cell is split into snippets as the
 *     kernels split it (SourceCodeAnalysis.analyzeCompletion) and each snippet is evaluated in turn.
 *   - No imports are predefined: a notebook imports what it uses, so it also runs in a kernel.
 *   - The run FAILS (exit status 1, the notebook file is left untouched) on the first snippet that does not
 *     compile (REJECTED, or any error diagnostic), that is left with unresolved references (RECOVERABLE_*),
 *     that throws, whose JVM dies, that runs past the cell time limit, or on code left incomplete at the end of
 *     a cell. The message names the notebook, the cell (its index and its In [n] number) and the snippet.
 *
 * What lands in the notebook (nbformat 4)
 *   - System.out and System.err of the cell, in the order they were written: "stream" outputs.
 *   - display(Object) -- the function JJava and IJava define in every notebook -- is defined here too: a
 *     java.awt.image.RenderedImage (e.g. XChart's BitmapEncoder.getBufferedImage(chart)) becomes a
 *     "display_data" output with an "image/png" (base64) and a "text/plain" entry; anything else becomes
 *     "display_data" with text/plain String.valueOf(o). Like the kernels' display it returns an id string
 *     ("display-1", "display-2"...), which a cell that ends with display(...) shows as its result, as JJava
 *     does: end such a cell with another statement, or with the image itself.
 *   - A cell whose last snippet is an expression with a value (not void, not an assignment) gets an
 *     "execute_result", rendered like display's: an image as image/png, anything else as String.valueOf.
 *   - execution_count is 1, 2, 3... over the code cells, as after "Restart and run all".
 *   Internally display() writes its payload to a temporary file and prints one marker line
 *   ("<random token> <kind> <mime> <path>") to System.out; the runner turns marker lines into outputs and
 *   never writes them into the notebook.
 *   The file is written as Jupyter writes it (sorted keys, one-space indent, multi-line strings as lists of
 *   lines), so opening and saving it in Jupyter changes nothing but what Jupyter itself changes.
 *
 * Usage: java NotebookRunner.java [--no-write] [--cell-timeout SECONDS] [NOTEBOOK.ipynb ...]
 *        java NotebookRunner.java --kernel-env
 *   Without notebooks it runs every notebooks/*.ipynb, in name order. --no-write runs them without writing
 *   the outputs back. --kernel-env runs nothing: it prints the shell commands that set JJAVA_CLASSPATH and
 *   JJAVA_JVM_OPTS so that a JJava kernel started from that shell can run the notebooks. Run from the
 *   repository root (it reads pom.xml and notebooks/runner/).
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public final class NotebookRunner {

    private static final Path RUNNER_DIR = Path.of("notebooks", "runner");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A notebook failed: the message says where and why. */
    static final class NotebookFailure extends Exception {
        private static final long serialVersionUID = 1L;

        NotebookFailure(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean write = true;
        boolean kernelEnv = false;
        long cellTimeoutSeconds = 300;
        List<Path> notebooks = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-write" -> write = false;
                case "--kernel-env" -> kernelEnv = true;
                case "--cell-timeout" -> cellTimeoutSeconds = Long.parseLong(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: NotebookRunner [--no-write] [--cell-timeout SECONDS] [NOTEBOOK.ipynb ...]");
                    System.out.println("       NotebookRunner --kernel-env");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        System.err.println("notebooks: unknown option " + args[i] + " (try --help)");
                        System.exit(2);
                    }
                    notebooks.add(Path.of(args[i]));
                }
            }
        }
        if (!Files.isRegularFile(Path.of("pom.xml")) || !Files.isDirectory(RUNNER_DIR)) {
            System.err.println("notebooks: run from the repository root (pom.xml and notebooks/runner/ not found)");
            System.exit(2);
        }
        if (kernelEnv) {
            System.out.println("export JJAVA_CLASSPATH=" + shellQuote(System.getProperty("java.class.path")));
            System.out.println("export JJAVA_JVM_OPTS=" + shellQuote(String.join(" ", pomJvmFlags())));
            return;
        }
        if (notebooks.isEmpty()) {
            try (Stream<Path> files = Files.list(Path.of("notebooks"))) {
                notebooks = files.filter(p -> p.getFileName().toString().endsWith(".ipynb"))
                        .sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
            }
        }
        if (notebooks.isEmpty()) {
            System.err.println("notebooks: no notebooks to run");
            System.exit(2);
        }
        List<String> vmOptions = remoteVmOptions();
        long start = System.nanoTime();
        for (Path notebook : notebooks) {
            long t0 = System.nanoTime();
            System.out.println("notebooks: running " + notebook);
            try {
                ObjectNode executed = new NotebookRunner(notebook, vmOptions, cellTimeoutSeconds).run();
                if (write) {
                    Files.writeString(notebook, JupyterJson.write(executed), StandardCharsets.UTF_8);
                }
            } catch (NotebookFailure e) {
                System.err.println();
                System.err.println("notebooks: FAILED: " + e.getMessage());
                System.exit(1);
            }
            System.out.printf(Locale.ROOT, "notebooks: %s ok in %.1f s%s%n", notebook,
                    (System.nanoTime() - t0) / 1e9, write ? ", outputs written" : "");
        }
        System.out.printf(Locale.ROOT, "notebooks: %d notebook(s) ran in %.1f s%n", notebooks.size(),
                (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    /** The JVM flags Spark and the Vector API kernel need, as pom.xml gives them to Surefire. */
    static List<String> pomJvmFlags() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        List<String> options = new ArrayList<>();
        for (String property : List.of("vector.module.flag", "spark.jvm.opens")) {
            String value = pomProperty(pom, property);
            for (String option : value.trim().split("\\s+")) {
                options.add(option);
            }
        }
        return options;
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The JVM flags of the notebooks' JVM: Spark's, from pom.xml, plus headless AWT and quiet logging. */
    static List<String> remoteVmOptions() throws Exception {
        List<String> options = pomJvmFlags();
        options.add("-Xmx2g");
        options.add("-Djava.awt.headless=true");
        options.add("-Dlog4j2.configurationFile=" + RUNNER_DIR.resolve("log4j2.properties").toAbsolutePath().toUri());
        options.add("-Djava.util.logging.config.file=" + RUNNER_DIR.resolve("logging.properties").toAbsolutePath());
        for (String option : options) {
            if (option.contains(" ")) {
                throw new IllegalStateException("notebooks: JVM option with a space cannot be passed to JShell's"
                        + " remote JVM: " + option + " (move the repository to a path without spaces)");
            }
        }
        return options;
    }

    private static String pomProperty(Document pom, String name) {
        NodeList properties = pom.getElementsByTagName("properties");
        for (int i = 0; i < properties.getLength(); i++) {
            for (Node n = properties.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE && n.getNodeName().equals(name)) {
                    return n.getTextContent();
                }
            }
        }
        throw new IllegalStateException("notebooks: pom.xml has no property " + name);
    }

    // ------------------------------------------------------------------------------------------------ one notebook

    private final Path path;
    private final List<String> vmOptions;
    private final long cellTimeoutSeconds;
    private final String token = "@nbrunner-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    private final CapturedOutput captured = new CapturedOutput();
    private final AtomicBoolean jvmGone = new AtomicBoolean();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private JShell shell;
    private Path displayDir;

    NotebookRunner(Path path, List<String> vmOptions, long cellTimeoutSeconds) {
        this.path = path;
        this.vmOptions = vmOptions;
        this.cellTimeoutSeconds = cellTimeoutSeconds;
    }

    ObjectNode run() throws NotebookFailure, IOException {
        ObjectNode notebook;
        try {
            notebook = (ObjectNode) new ObjectMapper().readTree(path.toFile());
        } catch (IOException | ClassCastException e) {
            throw new NotebookFailure(path + ": not a notebook (" + e.getMessage() + ")");
        }
        if (notebook.path("nbformat").asInt() != 4 || !notebook.path("cells").isArray()) {
            throw new NotebookFailure(path + ": not an nbformat 4 notebook");
        }
        String classPath = System.getProperty("java.class.path");
        if (!classPath.equals(System.getenv("CLASSPATH"))) {
            throw new NotebookFailure("start the runner with the class path in the CLASSPATH environment variable"
                    + " (notebooks/run-notebooks.sh does): the notebooks' JVM inherits it from there");
        }
        displayDir = Files.createTempDirectory("notebook-display");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notebook-cell-timer");
            t.setDaemon(true);
            return t;
        });
        PrintStream out = new PrintStream(captured.stream("stdout"), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(captured.stream("stderr"), true, StandardCharsets.UTF_8);
        try (JShell js = JShell.builder()
                .in(new ByteArrayInputStream(new byte[0]))
                .out(out)
                .err(err)
                .compilerOptions("--class-path", classPath)
                .remoteVMOptions(vmOptions.toArray(String[]::new))
                .build()) {
            shell = js;
            js.onShutdown(j -> jvmGone.set(true));
            definePreamble();
            ArrayNode cells = (ArrayNode) notebook.get("cells");
            int executionCount = 0;
            for (int index = 0; index < cells.size(); index++) {
                ObjectNode cell = (ObjectNode) cells.get(index);
                if (!"code".equals(cell.path("cell_type").asText())) {
                    continue;
                }
                executionCount++;
                String where = path + ", cell " + (index + 1) + " of " + cells.size() + " (In [" + executionCount + "])";
                captured.clear();
                ScheduledFuture<?> alarm = timer.schedule(() -> {
                    timedOut.set(true);
                    js.stop();
                }, cellTimeoutSeconds, TimeUnit.SECONDS);
                long cellStart = System.nanoTime();
                String resultName;
                try {
                    resultName = runCell(where, source(cell));
                    if (resultName != null) {
                        evalHidden(where, "{ __notebookEmit(\"execute_result\", " + resultName + "); }");
                    }
                    evalHidden(where, "{ System.out.flush(); System.err.flush(); }");
                } finally {
                    alarm.cancel(false);
                }
                cell.set("execution_count", JSON.numberNode(executionCount));
                cell.set("outputs", outputs(executionCount));
                System.out.printf(Locale.ROOT, "notebooks:   In [%d] ok (%.1f s)%n", executionCount,
                        (System.nanoTime() - cellStart) / 1e9);
            }
            notebook.set("cells", cells);
            return notebook;
        } catch (IllegalStateException e) {
            throw new NotebookFailure(path + ": JShell failed: " + e.getMessage());
        } finally {
            timer.shutdownNow();
            deleteTree(displayDir);
        }
    }

    /** The display function of the Java kernels, and the emitter behind it and behind execute_result. */
    private void definePreamble() throws NotebookFailure {
        String emitter = """
                void __notebookEmit(String kind, Object o) {
                    try {
                        java.nio.file.Path dir = java.nio.file.Path.of(%s);
                        java.nio.file.Path file;
                        String mime;
                        String text;
                        if (o instanceof java.awt.image.RenderedImage image) {
                            file = java.nio.file.Files.createTempFile(dir, "display", ".png");
                            if (!javax.imageio.ImageIO.write(image, "png", file.toFile())) {
                                throw new IllegalStateException("no PNG writer for " + image);
                            }
                            mime = "image/png";
                        } else {
                            file = java.nio.file.Files.createTempFile(dir, "display", ".txt");
                            java.nio.file.Files.writeString(file, String.valueOf(o));
                            mime = "text/plain";
                        }
                        System.out.flush();
                        System.err.flush();
                        System.out.println("\\n%s " + kind + " " + mime + " " + file);
                        System.out.flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                """.formatted(javaString(displayDir.toAbsolutePath().toString()), token);
        evalHidden(path + ", runner preamble",
                "java.util.concurrent.atomic.AtomicInteger __notebookDisplays = new java.util.concurrent.atomic.AtomicInteger();");
        evalHidden(path + ", runner preamble", emitter);
        evalHidden(path + ", runner preamble",
                "String display(Object o) { __notebookEmit(\"display_data\", o);"
                        + " return \"display-\" + __notebookDisplays.incrementAndGet(); }");
    }

    private static String javaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String source(ObjectNode cell) {
        JsonNode source = cell.path("source");
        if (source.isArray()) {
            StringBuilder sb = new StringBuilder();
            source.forEach(line -> sb.append(line.asText()));
            return sb.toString();
        }
        return source.asText();
    }

    /**
     * Evaluates the snippets of one cell; fails on the first bad one. Returns the name to render as the cell's
     * execute_result (a temporary variable such as $12, or a variable named by a bare expression), or null.
     */
    private String runCell(String where, String code) throws NotebookFailure {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        String resultName = null;
        int consumed = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
                    throw new NotebookFailure(where + ", line " + lineOf(code, consumed)
                            + ": incomplete code at the end of the cell:\n" + indent(info.remaining().strip())
                            + outputSoFar());
                }
                return resultName;
            }
            String snippetSource = info.source();
            int line = lineOf(code, consumed + leadingWhitespace(remaining));
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
            resultName = evalSnippet(where + ", line " + line, snippetSource);
        }
    }

    /** Evaluates one snippet; fails unless it compiled, is fully defined and ran without an exception. */
    private String evalSnippet(String where, String source) throws NotebookFailure {
        List<SnippetEvent> events;
        try {
            events = shell.eval(source);
        } catch (IllegalStateException e) {
            throw new NotebookFailure(where + ": the notebook's JVM is gone (" + e.getMessage() + ")"
                    + snippetText(source) + outputSoFar());
        }
        String resultName = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a consequence for an earlier snippet (e.g. a redefinition), not this snippet's result
            }
            Snippet snippet = event.snippet();
            if (timedOut.get()) {
                throw new NotebookFailure(where + ": still running after " + cellTimeoutSeconds
                        + " s (the cell time limit; --cell-timeout changes it)" + snippetText(source) + outputSoFar());
            }
            if (jvmGone.get()) {
                throw new NotebookFailure(where + ": the notebook's JVM exited" + snippetText(source) + outputSoFar());
            }
            List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
            if (event.status() == Snippet.Status.REJECTED || !errors.isEmpty()) {
                StringBuilder sb = new StringBuilder(where + ": does not compile");
                for (Diag d : errors) {
                    sb.append("\n  error: ").append(d.getMessage(Locale.ROOT).replace("\n", "\n    "));
                    sb.append(pointer(snippet.source(), d));
                }
                if (errors.isEmpty()) {
                    sb.append(" (rejected by JShell without a diagnostic)");
                }
                throw new NotebookFailure(sb + snippetText(source) + outputSoFar());
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = snippet instanceof jdk.jshell.DeclarationSnippet d
                        ? shell.unresolvedDependencies(d).collect(Collectors.joining(", ")) : "?";
                throw new NotebookFailure(where + ": refers to something not defined: " + missing
                        + snippetText(source) + outputSoFar());
            }
            JShellException exception = event.exception();
            if (exception != null) {
                throw new NotebookFailure(where + ": threw " + describe(exception) + snippetText(source)
                        + outputSoFar());
            }
            if (!event.status().isDefined()) {
                throw new NotebookFailure(where + ": JShell status " + event.status() + snippetText(source)
                        + outputSoFar());
            }
            resultName = resultName(snippet);
        }
        if (timedOut.get()) {
            throw new NotebookFailure(where + ": still running after " + cellTimeoutSeconds
                    + " s (the cell time limit; --cell-timeout changes it)" + snippetText(source) + outputSoFar());
        }
        return resultName;
    }

    /** The name whose value a kernel would show as the cell's result if this were the cell's last snippet. */
    private static String resultName(Snippet snippet) {
        switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND:
                return ((VarSnippet) snippet).name();
            case VAR_VALUE_SUBKIND:
                return ((ExpressionSnippet) snippet).name();
            default:
                return null;
        }
    }

    private void evalHidden(String where, String source) throws NotebookFailure {
        evalSnippet(where + " (runner code)", source);
    }

    private static String describe(JShellException exception) {
        StringBuilder sb = new StringBuilder();
        Throwable t = exception;
        String prefix = "";
        while (t != null) {
            String name = t instanceof EvalException ee ? ee.getExceptionClassName()
                    : t instanceof UnresolvedReferenceException ure
                    ? "unresolved reference in " + ure.getSnippet().source().strip()
                    : t.getClass().getName();
            sb.append(prefix).append(name);
            if (t.getMessage() != null && !(t instanceof UnresolvedReferenceException)) {
                sb.append(": ").append(t.getMessage());
            }
            int frames = 0;
            for (StackTraceElement e : t.getStackTrace()) {
                if (frames++ == 12) {
                    sb.append("\n\t...");
                    break;
                }
                sb.append("\n\tat ").append(e);
            }
            t = t.getCause();
            prefix = "\nCaused by: ";
        }
        return sb.toString();
    }

    private static String pointer(String source, Diag d) {
        if (d.getStartPosition() < 0 || d.getStartPosition() > source.length()) {
            return "";
        }
        int start = (int) d.getStartPosition();
        int lineStart = source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', start);
        String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
        return "\n    " + line + "\n    " + " ".repeat(start - lineStart) + "^";
    }

    private static String snippetText(String source) {
        return "\n  in:\n" + indent(source.strip());
    }

    private String outputSoFar() {
        String text = captured.text();
        return text.isBlank() ? "" : "\n  output of the cell so far:\n" + indent(text.stripTrailing());
    }

    private static String indent(String s) {
        return "    " + s.replace("\n", "\n    ");
    }

    private static int lineOf(String code, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The cell's outputs: its captured streams in order, with display() markers turned into their outputs. */
    private ArrayNode outputs(int executionCount) throws NotebookFailure {
        ArrayNode outputs = JSON.arrayNode();
        for (CapturedOutput.Chunk chunk : captured.merged()) {
            if (chunk.stream().equals("stderr")) {
                addStream(outputs, "stderr", chunk.text());
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (String line : chunk.text().split("(?<=\n)")) {
                if (!line.startsWith(token + " ")) {
                    text.append(line);
                    continue;
                }
                // The emitter printed "\n<marker>": drop the newline it added before the marker.
                if (text.length() > 0 && text.charAt(text.length() - 1) == '\n') {
                    text.setLength(text.length() - 1);
                }
                addStream(outputs, "stdout", text.toString());
                text.setLength(0);
                outputs.add(richOutput(line.strip().split(" ", 4), executionCount));
            }
            addStream(outputs, "stdout", text.toString());
        }
        return outputs;
    }

    private ObjectNode richOutput(String[] marker, int executionCount) throws NotebookFailure {
        String kind = marker[1];
        String mime = marker[2];
        Path file = Path.of(marker[3]);
        ObjectNode output = JSON.objectNode();
        output.put("output_type", kind);
        ObjectNode data = JSON.objectNode();
        try {
            if (mime.equals("image/png")) {
                byte[] png = Files.readAllBytes(file);
                data.put("image/png", Base64.getEncoder().encodeToString(png));
                data.put("text/plain", "<PNG image, " + pngSize(png) + ">");
            } else {
                data.put("text/plain", Files.readString(file));
            }
        } catch (IOException e) {
            throw new NotebookFailure(path + ": could not read a displayed object back: " + e);
        }
        output.set("data", data);
        output.set("metadata", JSON.objectNode());
        if (kind.equals("execute_result")) {
            output.put("execution_count", executionCount);
        }
        return output;
    }

    private static String pngSize(byte[] png) {
        if (png.length < 24) {
            return png.length + " bytes";
        }
        int width = ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
        int height = ((png[20] & 0xff) << 24) | ((png[21] & 0xff) << 16) | ((png[22] & 0xff) << 8) | (png[23] & 0xff);
        return width + " x " + height;
    }

    private static void addStream(ArrayNode outputs, String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        JsonNode last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        if (last != null && "stream".equals(last.path("output_type").asText())
                && name.equals(last.path("name").asText())) {
            ((ObjectNode) last).put("text", last.path("text").asText() + text);
            return;
        }
        ObjectNode output = JSON.objectNode();
        output.put("output_type", "stream");
        output.put("name", name);
        output.put("text", text);
        outputs.add(output);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------------------------------- captured output

    /** stdout and stderr of the notebook's JVM as one sequence of chunks, in the order they arrived. */
    static final class CapturedOutput {

        record Chunk(String stream, byte[] bytes) {
            String text() {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }

        private final List<Chunk> chunks = new ArrayList<>();

        OutputStream stream(String name) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (chunks) {
                        chunks.add(new Chunk(name, java.util.Arrays.copyOfRange(b, off, off + len)));
                    }
                }
            };
        }

        void clear() {
            synchronized (chunks) {
                chunks.clear();
            }
        }

        /** Consecutive chunks of one stream joined. */
        List<Chunk> merged() {
            List<Chunk> merged = new ArrayList<>();
            synchronized (chunks) {
                ByteArrayOutputStream run = new ByteArrayOutputStream();
                String stream = null;
                for (Chunk c : chunks) {
                    if (stream != null && !stream.equals(c.stream())) {
                        merged.add(new Chunk(stream, run.toByteArray()));
                        run.reset();
                    }
                    stream = c.stream();
                    run.writeBytes(c.bytes());
                }
                if (stream != null) {
                    merged.add(new Chunk(stream, run.toByteArray()));
                }
            }
            return merged;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (Chunk c : merged()) {
                sb.append(c.text());
            }
            return sb.toString();
        }
    }

    // ----------------------------------------------------------------------------------------------- Jupyter JSON

    /**
     * Writes a notebook as Jupyter's nbformat does (json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)
     * after splitting multi-line strings into lists of lines), so the files diff cleanly against Jupyter's own.
     */
    static final class JupyterJson {

        static String write(ObjectNode notebook) {
            splitLines(notebook);
            StringBuilder sb = new StringBuilder();
            value(notebook, sb, 0);
            return sb.append('\n').toString();
        }

        /** nbformat's split_lines: sources, stream texts and text-like output data become lists of lines. */
        private static void splitLines(ObjectNode notebook) {
            for (JsonNode cell : notebook.path("cells")) {
                split((ObjectNode) cell, "source");
                for (JsonNode output : cell.path("outputs")) {
                    split((ObjectNode) output, "text");
                    JsonNode data = output.path("data");
                    if (data.isObject()) {
                        Iterator<String> names = data.fieldNames();
                        List<String> keys = new ArrayList<>();
                        names.forEachRemaining(keys::add);
                        for (String key : keys) {
                            if (key.startsWith("text/")) {
                                split((ObjectNode) data, key);
                            }
                        }
                    }
                }
            }
        }

        private static void split(ObjectNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                return;
            }
            ArrayNode lines = JSON.arrayNode();
            for (String line : value.asText().split("(?<=\n)")) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            node.set(field, lines);
        }

        private static void value(JsonNode node, StringBuilder sb, int depth) {
            if (node.isObject()) {
                if (node.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                TreeMap<String, JsonNode> sorted = new TreeMap<>();
                node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
                sb.append("{\n");
                int i = 0;
                for (var e : sorted.entrySet()) {
                    sb.append(" ".repeat(depth + 1));
                    string(e.getKey(), sb);
                    sb.append(": ");
                    value(e.getValue(), sb, depth + 1);
                    sb.append(++i < sorted.size() ? ",\n" : "\n");
                }
                sb.append(" ".repeat(depth)).append('}');
            } else if (node.isArray()) {
                if (node.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append("[\n");
                for (int i = 0; i < node.size(); i++) {
                    sb.append(" ".repeat(depth + 1));
                    value(node.get(i), sb, depth + 1);
                    sb.append(i + 1 < node.size() ? ",\n" : "\n");
                }
                sb.append(" ".repeat(depth)).append(']');
            } else if (node.isTextual()) {
                string(node.asText(), sb);
            } else {
                sb.append(node.toString()); // numbers, booleans, null
            }
        }

        /** A JSON string as Python's json module writes it with ensure_ascii=False. */
        private static void string(String s, StringBuilder sb) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\b' -> sb.append("\\b");
                    case '\f' -> sb.append("\\f");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
