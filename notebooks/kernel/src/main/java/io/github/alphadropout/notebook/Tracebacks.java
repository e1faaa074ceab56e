package io.github.alphadropout.notebook;

import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Writes the exception of a cell as Java prints a stack trace ("Caused by:", "... n more"), except that the frames
 * of notebook code name the cell and line they come from, {@code at check(Cell In[2], line 4)}, instead of JShell's
 * snippet numbers, {@code at .check(#7:4)}. JShell has already cut the frames of its own machinery below the
 * snippet.
 */
final class Tracebacks {

    /** Frames shown per exception; Spark's traces run to hundreds. */
    private static final int MAX_FRAMES = 40;
    /** Causes shown; a cycle of causes would otherwise never end. */
    private static final int MAX_CAUSES = 20;

    /** Maps (snippet id, line in the snippet) to the line of the cell it came from, when known. */
    private final BiFunction<String, Integer, Optional<CellLine>> snippetLines;

    Tracebacks(BiFunction<String, Integer, Optional<CellLine>> snippetLines) {
        this.snippetLines = snippetLines;
    }

    /** The cell line a frame of notebook code ran, if it is one: JShell names a snippet's source file "#id". */
    Optional<CellLine> cellLine(StackTraceElement frame) {
        String file = frame.getFileName();
        if (file == null || !file.startsWith("#") || frame.getLineNumber() < 1) {
            return Optional.empty();
        }
        return snippetLines.apply(file.substring(1), frame.getLineNumber());
    }

    List<String> format(Throwable exception) {
        List<String> lines = new ArrayList<>();
        StackTraceElement[] enclosing = new StackTraceElement[0];
        String prefix = "";
        int causes = 0;
        for (Throwable t = exception; t != null && causes <= MAX_CAUSES; t = t.getCause(), causes++) {
            lines.add(prefix + describe(t));
            StackTraceElement[] frames = t.getStackTrace();
            int unique = frames.length - framesInCommon(frames, enclosing);
            int shown = Math.min(unique, MAX_FRAMES);
            for (int i = 0; i < shown; i++) {
                lines.add("\tat " + frame(frames[i]));
            }
            if (frames.length > shown) {
                lines.add("\t... " + (frames.length - shown) + " more");
            }
            enclosing = frames;
            prefix = "Caused by: ";
        }
        return lines;
    }

    /** "class: message"; JShell's EvalException stands for the notebook's exception and carries its class name. */
    static String describe(Throwable t) {
        String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
        return t.getMessage() == null ? name : name + ": " + t.getMessage();
    }

    private String frame(StackTraceElement frame) {
        Optional<CellLine> line = cellLine(frame);
        if (line.isEmpty()) {
            return frame.getClassName().isEmpty() ? frame.getMethodName() + "(" + frame.getFileName() + ":"
                    + frame.getLineNumber() + ")" : frame.toString();
        }
        // Top-level code of a cell has no method name; a method or class declared in a cell has one.
        return frame.getMethodName().isEmpty() ? line.get().toString()
                : frame.getMethodName() + "(" + line.get() + ")";
    }

    /** How many frames at the bottom of a cause's trace are the same as the enclosing trace's (as Java counts). */
    private static int framesInCommon(StackTraceElement[] frames, StackTraceElement[] enclosing) {
        int m = frames.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && frames[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        return frames.length - 1 - m;
    }
}
