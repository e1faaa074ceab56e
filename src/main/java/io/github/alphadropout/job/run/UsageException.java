package io.github.alphadropout.job.run;

/**
 * A mistake in how the job was called, found while running it (an input that does not exist, an output that
 * does, a column that is not there): exit code 2 with a one-line message, like a bad flag.
 */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
