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

import org.junit.jupiter.api.Test;

import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobFailureTest {

    @Test
    void oneLineIsTheFirstLineWithoutItsClosingMark() {
        assertEquals("a", JobFailure.oneLine("a\nb"));
        assertEquals("no such file: x", JobFailure.oneLine("  no such file: x.\n\tat Foo.bar"));
        assertEquals("expected", JobFailure.oneLine("expected:\n 3"));
        assertEquals("", JobFailure.oneLine(null));
    }

    @Test
    void oneLineCauseIsTheInnermostMessage() {
        Exception e = new RuntimeException("Job aborted due to stage failure: long\nmore lines",
                new IllegalArgumentException("column 'features': expected 128 elements but got 3.\nat ..."));
        assertEquals("IllegalArgumentException: column 'features': expected 128 elements but got 3",
                JobFailure.cause(e));
    }

    @Test
    void outOfMemoryWinsOverWhatFailedAfterIt() {
        // An executor that ran out of memory refuses the next attempt while it shuts down: the innermost message
        // is the refusal, but the cause to report is the OutOfMemoryError.
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        oom.initCause(new RejectedExecutionException("Task 12 rejected from"
                + " ThreadPoolExecutor[Shutting down, pool size = 1]"));
        Exception job = new RuntimeException("Job aborted due to stage failure", new RuntimeException("task", oom));
        assertEquals("OutOfMemoryError: Java heap space", JobFailure.outOfMemory(job));
        assertTrue(JobFailure.describe(JobFailure.nothingWritten(job, "/out", "ADVICE")).equals("failed: out of"
                + " memory (OutOfMemoryError: Java heap space); nothing was written to /out. To fix: ADVICE"),
                JobFailure.describe(JobFailure.nothingWritten(job, "/out", "ADVICE")));
        // Suppressed, or only named in a message (a cluster task's error as the driver reports it).
        Exception suppressed = new RuntimeException("write failed");
        suppressed.addSuppressed(new OutOfMemoryError("Java heap space"));
        assertEquals("OutOfMemoryError: Java heap space", JobFailure.outOfMemory(suppressed));
        Exception text = new RuntimeException("Job aborted: Lost task 2.3 (TID 9) (host executor 1):"
                + " java.lang.OutOfMemoryError: Java heap space\n\tat x.y(Z.java:1)",
                new RejectedExecutionException("rejected"));
        assertEquals("OutOfMemoryError: Java heap space", JobFailure.outOfMemory(text));
        assertTrue(JobFailure.describe(text).startsWith("failed: out of memory (OutOfMemoryError: Java heap space)."
                + " To fix: " + JobFailure.MORE_MEMORY), JobFailure.describe(text));
        assertEquals(null, JobFailure.outOfMemory(new RuntimeException("no", new IllegalStateException("x"))));
    }
}
