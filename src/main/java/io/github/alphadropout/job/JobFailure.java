package io.github.alphadropout.job;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A command that failed while it ran, with what it leaves behind, so that its one-line message is true in every
 * case: nothing written; or the output complete and only the report failed; or, for a stream, the micro-batches
 * committed before the failure.
 */
final class JobFailure extends RuntimeException {

    private final String failed;
    private final String left;

    private JobFailure(String problem, Throwable cause, String failed, String left) {
        super(problem, cause);
        this.failed = failed;
        this.left = left;
    }

    /**
     * A failure before the output was committed: nothing is at {@code output}. A usage error, or a failure that
     * already says what it leaves, is returned as it is.
     */
    static RuntimeException nothingWritten(Throwable cause, String output) {
        return told(cause) ? (RuntimeException) cause
                : new JobFailure(null, cause, "failed", "nothing was written to " + output);
    }

    /**
     * A problem found before the output was committed (no exception behind it), e.g. counts that do not add up:
     * nothing is at {@code output}.
     */
    static JobFailure nothingWritten(String problem, String output) {
        return new JobFailure(problem, null, "failed", "nothing was written to " + output);
    }

    /** A problem found after the run committed output: {@code left} says what is there. */
    static JobFailure leaving(String problem, String left) {
        return new JobFailure(problem, null, "failed", left);
    }

    /** A failure that leaves {@code left} behind (unless it says so itself, or is a usage error). */
    static RuntimeException leaving(Throwable cause, String left) {
        return told(cause) ? (RuntimeException) cause : new JobFailure(null, cause, "failed", left);
    }

    /** The report failed after the output was complete: {@code outputState} says where the output is. */
    static RuntimeException reportFailed(Throwable cause, String outputState) {
        return cause instanceof UsageException usage ? usage
                : new JobFailure(null, cause, "the report failed", outputState + "; only the report failed");
    }

    private static boolean told(Throwable cause) {
        return cause instanceof UsageException || cause instanceof JobFailure;
    }

    /**
     * The one line that tells a failure, after the command's name: what failed, the cause (the innermost message)
     * and what is left.
     */
    static String describe(Throwable ex) {
        JobFailure failure = find(ex, JobFailure.class);
        StringBuilder line = new StringBuilder(failure == null ? "failed" : failure.failed).append(": ");
        line.append(failure != null && failure.getCause() == null ? AlphaDropoutJob.oneLine(failure.getMessage())
                : cause(ex));
        if (failure != null && failure.left != null) {
            line.append("; ").append(failure.left);
        }
        return line.toString();
    }

    /**
     * "SimpleName: first line of the message" of the innermost exception that has a message (where Spark's long
     * error chains say what went wrong).
     */
    static String cause(Throwable ex) {
        Throwable best = ex;
        for (Throwable t : chain(ex)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t;
            }
        }
        String message = best.getMessage() == null ? "" : ": " + AlphaDropoutJob.oneLine(best.getMessage());
        return best.getClass().getSimpleName() + message;
    }

    /** The exception and its causes, outermost first, each once. */
    static Iterable<Throwable> chain(Throwable ex) {
        Deque<Throwable> out = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    /** The outermost exception of the given type in the chain; null when there is none. */
    static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t : chain(ex)) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
