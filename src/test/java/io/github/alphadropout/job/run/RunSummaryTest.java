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

import io.github.alphadropout.sql.HandleInvalid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSummaryTest {

    @Test
    void countsThatDoNotAddUpMeanTheInputChanged() {
        RunSummary skipped = new RunSummary(10, 2, 17, 1, 0);
        assertEquals(3, skipped.invalidSkipped());
        assertNull(skipped.inputChanged(HandleInvalid.SKIP), "skip drops rows");
        assertTrue(skipped.inputChanged(HandleInvalid.KEEP).startsWith("the input changed while the job ran: 17 rows"
                + " out, fewer than 10 rows in x 2 copies = 20, and --handle-invalid keep drops no rows"),
                skipped.inputChanged(HandleInvalid.KEEP));
        assertNotNull(skipped.inputChanged(HandleInvalid.ERROR));
        RunSummary more = new RunSummary(10, 2, 21, 1, 0);
        assertEquals(-1, more.invalidSkipped(), "not clamped at 0");
        for (HandleInvalid h : HandleInvalid.values()) {
            assertTrue(more.inputChanged(h).startsWith("the input changed while the job ran: 21 rows out, more than"
                    + " 10 rows in x 2 copies = 20"), more.inputChanged(h));
        }
        assertNull(new RunSummary(10, 2, 20, 1, 0).inputChanged(HandleInvalid.KEEP));
    }

    @Test
    void skippedRowsAreCountedNotInferredFromWhatIsMissing() {
        RunSummary counted = new RunSummary(10, 2, 17, 1, 0).withSkippedCopies(2);
        assertEquals(2, counted.invalidSkipped(), "as counted");
        assertTrue(counted.inputChanged(HandleInvalid.SKIP).startsWith("rows were lost: 17 rows out + 2 copies"
                + " skipped as invalid is not 10 rows in x 2 copies = 20"), counted.inputChanged(HandleInvalid.SKIP));
        assertNull(new RunSummary(10, 2, 18, 1, 0).withSkippedCopies(2).inputChanged(HandleInvalid.SKIP));
        RunSummary none = new RunSummary(10, 2, 0, 1, 0).withSkippedCopies(20);
        assertTrue(none.inputChanged(HandleInvalid.SKIP).startsWith("every one of the 10 input rows is invalid"),
                none.inputChanged(HandleInvalid.SKIP));
        assertNull(new RunSummary(0, 2, 0, 1, 0).withSkippedCopies(0).inputChanged(HandleInvalid.SKIP),
                "an empty input is no failure");
    }
}
