package io.github.alphadropout.job.run;

import java.nio.file.Path;

/**
 * What an {@code augment --stream} run was asked to do beyond {@link AugmentSettings}, checked when it is made.
 *
 * @param checkpoint         the query's checkpoint folder (required)
 * @param trigger            when micro-batches run (null: available-now)
 * @param maxFilesPerTrigger at most this many new files per micro-batch (null: all)
 */
public record StreamSettings(String checkpoint, StreamTrigger trigger, Integer maxFilesPerTrigger) {

    public StreamSettings {
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new UsageException("--stream needs --checkpoint DIR, the folder where the query records its"
                    + " progress (run again with the same one to go on where it stopped)");
        }
        if (maxFilesPerTrigger != null && maxFilesPerTrigger < 1) {
            throw new UsageException("--max-files-per-trigger must be at least 1, but got " + maxFilesPerTrigger);
        }
        trigger = trigger == null ? StreamTrigger.AVAILABLE_NOW : trigger;
    }

    /** A report covers a stream that ends: refuses {@code --report} with a trigger that runs until stopped. */
    public void checkReport(Path reportDir) {
        if (reportDir != null && !trigger.ends()) {
            throw new UsageException("--report needs a stream that ends: --trigger available-now or once, not "
                    + trigger);
        }
    }
}
