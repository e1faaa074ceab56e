package io.github.alphadropout.notebook;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Runs the code of a cell in JShell and says what came of it: the value to show, or a {@link CellFailure} that
 * names the cell's line.
 *
 * <p>A cell is split into snippets as JShell's own tool splits its input (one statement, declaration or import at
 * a time) and each snippet is evaluated in turn; the first that does not compile or throws ends the cell. The
 * cell's value is its last snippet's, when that is an expression ({@code figure}, {@code 1 + 1}) rather than a
 * statement or a declaration. Snippets run in this JVM (see {@link InKernelExecution}), compiled against the
 * kernel's class path: the library, Spark and everything they need.
 */
final class CellEvaluator implements AutoCloseable {

    /** Where a snippet starts in the notebook, to turn its line numbers (counted from 1) into a cell's. */
    private record SnippetOrigin(int executionCount, int firstLine) {
        CellLine line(int lineInSnippet) {
            return new CellLine(executionCount, firstLine + lineInSnippet - 1);
        }
    }

    private final InKernelExecution execution = new InKernelExecution();
    private final JShell shell;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private final Tracebacks tracebacks = new Tracebacks(
            (id, line) -> Optional.ofNullable(origins.get(id)).map(origin -> origin.line(line)));

    CellEvaluator(String classPath) {
        shell = JShell.builder()
                .executionEngine(execution.provider(), Map.of())
                .compilerOptions("--class-path", classPath)
                .build();
    }

    /** JShell's code analysis (completion, documentation), for the kernel's completion and inspection replies. */
    SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    /** Stops the running cell, if any (see {@link InKernelExecution#interrupt()}). */
    void interrupt() {
        execution.interrupt();
    }

    /**
     * Evaluates the code of one cell.
     *
     * @param code           the cell's source
     * @param executionCount the number Jupyter shows beside the cell, In [n], which names it in messages
     * @return the value of the cell's last snippet if that is an expression, else null
     * @throws CellFailure on the first snippet that does not compile or that throws, or when the cell ends in the
     *                     middle of a statement; the snippets before it have run
     */
    Object evaluate(String code, int executionCount) throws CellFailure {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Object value = null;
        int offset = 0;
        while (offset < code.length()) {
            String rest = code.substring(offset);
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                break; // only blanks and comments are left
            }
            // JShell maps a snippet's stack frames to the right lines only when the snippet starts with code,
            // not with blank lines: hand it the snippet without them.
            int start = offset + leadingWhitespace(rest);
            SnippetOrigin origin = new SnippetOrigin(executionCount, lineOf(code, start));
            if (!info.completeness().isComplete()) {
                throw new CellFailure(CellFailure.COMPILATION_ERROR, origin.line(1)
                        + ": the cell ends before this statement or declaration does",
                        List.of(origin.line(1) + ": unfinished code", "    " + rest.strip()));
            }
            value = evaluateSnippet(info.source().strip(), origin, code);
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0) {
                throw new IllegalStateException("JShell consumed nothing of: " + rest); // would loop forever
            }
            offset += consumed;
        }
        return value;
    }

    private Object evaluateSnippet(String source, SnippetOrigin origin, String cell) throws CellFailure {
        execution.takeValue(); // forget any value left from an earlier snippet
        Object value = null;
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue; // an earlier snippet that JShell updated because this one changed something it uses
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), origin);
            switch (event.status()) {
                case REJECTED -> throw compilationFailure(snippet, source, origin);
                case RECOVERABLE_NOT_DEFINED -> throw notDefinedFailure((DeclarationSnippet) snippet, origin);
                case RECOVERABLE_DEFINED -> System.err.println("note: " + name(snippet) + " (" + origin.line(1)
                        + ") cannot be used until " + unresolved((DeclarationSnippet) snippet) + " is declared");
                default -> {
                }
            }
            if (event.exception() != null) {
                throw exceptionFailure(event.exception(), origin, cell);
            }
            value = hasValue(snippet) ? execution.takeValue() : null;
        }
        return value;
    }

    /** An expression whose value a notebook shows: {@code 1 + 1}, {@code figure}; not a call to a void method. */
    private static boolean hasValue(Snippet snippet) {
        return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                || snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND;
    }

    private CellFailure compilationFailure(Snippet snippet, String source, SnippetOrigin origin) {
        List<String> traceback = new ArrayList<>();
        String first = null;
        for (Diag diag : shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList())) {
            long position = diag.getStartPosition();
            boolean located = position >= 0 && position <= source.length();
            CellLine line = origin.line(located ? lineOf(source, (int) position) : 1);
            // javac's "location: class ..." names JShell's wrapper class, which means nothing in a notebook.
            List<String> message = diag.getMessage(Locale.ENGLISH).lines()
                    .filter(l -> !l.strip().startsWith("location:")).collect(Collectors.toList());
            String headline = line + ": " + (message.isEmpty() ? "error" : message.get(0));
            traceback.add(headline);
            message.stream().skip(1).forEach(traceback::add);
            if (located) {
                // The source line and a caret under the code javac points at (to the end of the line at most).
                String text = lineAt(source, (int) position);
                int column = column(source, (int) position);
                long end = Math.min(Math.max(diag.getEndPosition(), position + 1), position + text.length() - column);
                traceback.add("    " + text);
                traceback.add("    " + " ".repeat(column) + "^".repeat((int) Math.max(1, end - position)));
            }
            first = first == null ? headline : first;
        }
        if (first == null) {
            first = origin.line(1) + ": JShell rejected this code";
            traceback.add(first);
            traceback.add("    " + source);
        }
        return new CellFailure(CellFailure.COMPILATION_ERROR, first, traceback);
    }

    private CellFailure notDefinedFailure(DeclarationSnippet snippet, SnippetOrigin origin) {
        String message = origin.line(1) + ": " + name(snippet) + " refers to " + unresolved(snippet)
                + ", which is not declared";
        List<String> traceback = new ArrayList<>(List.of(message));
        shell.diagnostics(snippet).filter(Diag::isError)
                .forEach(d -> traceback.add("    " + d.getMessage(Locale.ENGLISH).lines().findFirst().orElse("")));
        return new CellFailure(CellFailure.COMPILATION_ERROR, message, traceback);
    }

    private CellFailure exceptionFailure(JShellException exception, SnippetOrigin origin, String cell) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            String message = origin.line(1) + ": " + name(snippet) + " cannot be used until "
                    + unresolved(snippet) + " is declared";
            return new CellFailure(UnresolvedReferenceException.class.getName(), message, List.of(message));
        }
        // The failing line of this cell: the top frame of this cell's code; the snippet's first line if none.
        CellLine failing = origin.line(1);
        for (StackTraceElement frame : exception.getStackTrace()) {
            Optional<CellLine> line = tracebacks.cellLine(frame);
            if (line.isPresent() && line.get().executionCount() == origin.executionCount()) {
                failing = line.get();
                break;
            }
        }
        List<String> traceback = new ArrayList<>();
        traceback.add(failing + ": " + cell.lines().skip(failing.line() - 1).findFirst().orElse("").strip());
        traceback.addAll(tracebacks.format(exception));
        String ename = exception instanceof EvalException e ? e.getExceptionClassName() : exception.getClass().getName();
        return new CellFailure(ename, exception.getMessage() == null ? "" : exception.getMessage(), traceback);
    }

    private static String name(Snippet snippet) {
        String kind = switch (snippet.kind()) {
            case METHOD -> "method";
            case TYPE_DECL -> "class";
            case VAR -> "variable";
            default -> "code";
        };
        return snippet instanceof DeclarationSnippet d ? kind + " " + d.name() : kind;
    }

    private String unresolved(DeclarationSnippet snippet) {
        return shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
    }

    private static int leadingWhitespace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The line (from 1) of a position in a text. */
    private static int lineOf(String text, int position) {
        int line = 1;
        for (int i = 0; i < position && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String lineAt(String text, int position) {
        int start = text.lastIndexOf('\n', position - 1) + 1;
        int end = text.indexOf('\n', position);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static int column(String text, int position) {
        return position - (text.lastIndexOf('\n', position - 1) + 1);
    }

    @Override
    public void close() {
        shell.close();
        execution.close();
    }
}
