/*
 * Copyright 2026 the spark-alpha-dropout authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.alphadropout.job.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command that failed while it ran, with what it leaves behind, so that its one-line message is true in every
 * case: nothing written; or the output complete and only the report failed; or, for a stream, the micro-batches
 * committed before the failure. It also carries the advice to give if the cause was running out of memory.
 */
public final class JobFailure extends RuntimeException {

    /** What to do about an {@link OutOfMemoryError}, whatever the command. */
    public static final String MORE_MEMORY = "give it more memory (bin/alpha-dropout: ALPHA_DROPOUT_JAVA_OPTS=-Xmx8g, or"
            + " spark.driver.memory in conf/spark-defaults.conf; spark-submit: --driver-memory, --executor-memory)";

    private static final Pattern OOM_TEXT = Pattern.compile("java\\.lang\\.OutOfMemoryError:?[ \\t]*([^\\n]*)");

    /**
     * The library's message for an invalid row under handleInvalid 'error' (the SQL function's name, the column and
     * the problem, then the fix in the library's words), wherever it is in a message: Spark quotes a task's error in
     * the driver's.
     */
    private static final Pattern INVALID_ROW = Pattern.compile(
            "\\w+: (invalid row in column [^\\n]+?)\\. To fix: set handleInvalid to 'skip'");

    /** What the CLI can do about an invalid row, in its own flags. */
    static final String INVALID_ROW_FIX = "run with --handle-invalid skip (drops such rows and counts them) or"
            + " --handle-invalid keep (passes them through unchanged), or remove such rows from the input first";

    private final String failed;
    private final String left;
    private final String memoryAdvice;

    private JobFailure(String problem, Throwable cause, String failed, String left, String memoryAdvice) {
        super(problem, cause);
        this.failed = failed;
        this.left = left;
        this.memoryAdvice = memoryAdvice;
    }

    /**
     * A failure before the output was committed: nothing is at {@code output}. A usage error, or a failure that
     * already says what it leaves, is returned as it is.
     */
    public static RuntimeException nothingWritten(Throwable cause, String output, String memoryAdvice) {
        return told(cause) ? (RuntimeException) cause
                : new JobFailure(null, cause, "failed", "nothing was written to " + output, memoryAdvice);
    }

    /**
     * A problem found before the output was committed (no exception behind it), e.g. counts that do not add up:
     * nothing is at {@code output}.
     */
    public static JobFailure nothingWritten(String problem, String output) {
        return new JobFailure(problem, null, "failed", "nothing was written to " + output, null);
    }

    /** A problem found after the run committed output: {@code left} says what is there. */
    public static JobFailure leaving(String problem, String left) {
        return new JobFailure(problem, null, "failed", left, null);
    }

    /** A failure that leaves {@code left} behind (unless it says so itself, or is a usage error). */
    public static RuntimeException leaving(Throwable cause, String left, String memoryAdvice) {
        return told(cause) ? (RuntimeException) cause : new JobFailure(null, cause, "failed", left, memoryAdvice);
    }

    /** The report failed after the output was complete: {@code outputState} says where the output is. */
    public static RuntimeException reportFailed(Throwable cause, String outputState) {
        return cause instanceof UsageException usage ? usage
                : new JobFailure(null, cause, "the report failed", outputState + "; only the report failed", null);
    }

    /**
     * As {@link #nothingWritten(Throwable, String, String)}, for a run that was to replace ({@code --overwrite}) or
     * add to ({@code --append}) {@code output}: when there is an output there now (it can only be the old one, as it
     * was), the line says so. A failure that already told what it leaves is changed only when it said that nothing
     * was written to {@code output}.
     *
     * @param outputThere whether {@code output} exists; asked only when the line would say so, and taken as false
     *                    when it fails
     */
    public static RuntimeException nothingWritten(Throwable cause, String output, OutputMode mode,
                                           BooleanSupplier outputThere, String memoryAdvice) {
        String nothing = "nothing was written to " + output;
        if (cause instanceof UsageException || mode == OutputMode.CREATE
                || cause instanceof JobFailure failure && !nothing.equals(failure.left)) {
            return nothingWritten(cause, output, memoryAdvice);
        }
        boolean there;
        try {
            there = outputThere.getAsBoolean();
        } catch (RuntimeException e) {
            there = false;
        }
        String left = nothing + (!there ? "" : mode == OutputMode.APPEND
                ? "; the files that were there are intact" : "; the old output there is intact");
        if (cause instanceof JobFailure failure) {
            JobFailure amended = new JobFailure(failure.getMessage(), failure.getCause(), failure.failed, left,
                    failure.memoryAdvice);
            amended.setStackTrace(failure.getStackTrace());
            return amended;
        }
        return new JobFailure(null, cause, "failed", left, memoryAdvice);
    }

    private static boolean told(Throwable cause) {
        return cause instanceof UsageException || cause instanceof JobFailure;
    }

    /**
     * The one line that tells a failure, after the command's name: what failed, the cause (out of memory wherever
     * it is in the chain, else the innermost message), what is left, and for an out-of-memory failure what to do.
     */
    public static String describe(Throwable ex) {
        JobFailure failure = find(ex, JobFailure.class);
        String oom = outOfMemory(ex);
        String invalidRow = oom == null ? invalidRow(ex) : null;
        StringBuilder line = new StringBuilder(failure == null ? "failed" : failure.failed).append(": ");
        if (oom != null) {
            line.append("out of memory (").append(oom).append(')');
        } else if (invalidRow != null) {
            line.append(invalidRow);
        } else {
            line.append(failure != null && failure.getCause() == null
                    ? oneLine(failure.getMessage()) : cause(ex));
        }
        if (failure != null && failure.left != null) {
            line.append("; ").append(failure.left);
        }
        if (oom != null) {
            line.append(". To fix: ").append(failure != null && failure.memoryAdvice != null ? failure.memoryAdvice
                    : MORE_MEMORY);
        }
        if (invalidRow != null) {
            line.append(". To fix: ").append(invalidRow.contains("(shape ") ? "check --shape; or " : "")
                    .append(INVALID_ROW_FIX);
        }
        return line.toString();
    }

    /**
     * "invalid row in column `x`: PROBLEM" when the failure is the library's error for an invalid row
     * (handleInvalid 'error'), whose advice speaks of its params and functions; the CLI gives its own
     * ({@link #INVALID_ROW_FIX}). Else null.
     */
    static String invalidRow(Throwable ex) {
        for (Throwable t : chain(ex, true)) {
            Matcher m = INVALID_ROW.matcher(t.getMessage() == null ? "" : t.getMessage());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /**
     * "SimpleName: first line of the message" of the innermost exception that has a message (where Spark's long
     * error chains say what went wrong).
     */
    public static String cause(Throwable ex) {
        Throwable best = ex;
        for (Throwable t : chain(ex)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t;
            }
        }
        String message = best.getMessage() == null ? "" : ": " + oneLine(best.getMessage());
        return best.getClass().getSimpleName() + message;
    }

    /**
     * "OutOfMemoryError: Java heap space" when an {@link OutOfMemoryError} is anywhere in the chain (causes and
     * their suppressed exceptions), or named in one of its messages (a task's error as Spark's driver reports it);
     * else null. It wins over any other cause: once memory ran out, what failed next (an executor that refuses
     * work while it shuts down, an interrupted write) is only a consequence.
     */
    static String outOfMemory(Throwable ex) {
        for (Throwable t : chain(ex, true)) {
            if (t instanceof OutOfMemoryError) {
                return t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage()));
            }
        }
        for (Throwable t : chain(ex, true)) {
            Matcher m = OOM_TEXT.matcher(t.getMessage() == null ? "" : t.getMessage());
            if (m.find()) {
                String detail = m.group(1).strip();
                return "OutOfMemoryError" + (detail.isEmpty() ? "" : ": " + oneLine(detail));
            }
        }
        return null;
    }

    /** The exception and its causes, outermost first, each once. */
    static Iterable<Throwable> chain(Throwable ex) {
        return chain(ex, false);
    }

    /** The exception and its causes (and, if asked, their suppressed exceptions), outermost first, each once. */
    static Iterable<Throwable> chain(Throwable ex, boolean suppressed) {
        Deque<Throwable> out = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            out.add(t);
            for (Throwable s : suppressed ? t.getSuppressed() : new Throwable[0]) {
                if (seen.add(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The outermost exception of the given type in the chain; null when there is none. */
    public static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t : chain(ex)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The first line of {@code message}, without a closing '.' or ':': the job tells a failure in one line. */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        String first = message.strip().lines().findFirst().orElse("").strip();
        return first.endsWith(".") || first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }
}
