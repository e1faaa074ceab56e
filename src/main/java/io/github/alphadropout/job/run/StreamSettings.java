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
