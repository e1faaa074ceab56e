package io.github.alphadropout.notebook;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What Jupyter asks while code is being typed, answered with JShell's source analysis: completions (Tab),
 * documentation (Shift+Tab), and whether the code is complete (console frontends).
 */
final class CodeAssist {

    private final Supplier<SourceCodeAnalysis> analysis;

    CodeAssist(Supplier<SourceCodeAnalysis> analysis) {
        this.analysis = analysis;
    }

    /** Completions at a cursor; null when there are none. */
    ReplacementOptions complete(String code, int cursor) {
        int[] anchor = new int[1];
        List<Suggestion> suggestions = analysis.get().completionSuggestions(code, cursor, anchor);
        if (suggestions.isEmpty()) {
            return null;
        }
        List<String> options = suggestions.stream()
                .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType())) // type-matching ones first
                .map(Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new ReplacementOptions(options, anchor[0], cursor);
    }

    /** The signature and javadoc of what is at the cursor; null when JShell knows nothing there. */
    DisplayData inspect(String code, int cursor) {
        // JShell documents the field that ends at the position, or the method whose "(" is just before it: move
        // to the end of the identifier under the cursor, and past the parenthesis of a call.
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        int paren = end;
        while (paren < code.length() && Character.isWhitespace(code.charAt(paren))) {
            paren++;
        }
        if (paren < code.length() && code.charAt(paren) == '(') {
            end = paren + 1;
        }
        List<Documentation> docs = analysis.get().documentation(code, end, true);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream()
                .map(d -> d.javadoc() == null ? d.signature() : d.signature() + "\n" + d.javadoc())
                .collect(Collectors.joining("\n\n")));
    }

    /** Jupyter's is_complete answer: complete, invalid, or the indent to continue with when code is unfinished. */
    String isComplete(String code) {
        CompletionInfo info = analysis.get().analyzeCompletion(code);
        while (info.completeness().isComplete() && !info.remaining().isBlank()) {
            info = analysis.get().analyzeCompletion(info.remaining());
        }
        return switch (info.completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> BaseKernel.IS_COMPLETE_YES;
            case UNKNOWN -> BaseKernel.IS_COMPLETE_BAD;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
        };
    }
}
