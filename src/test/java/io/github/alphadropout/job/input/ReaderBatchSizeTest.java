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

package io.github.alphadropout.job.input;

import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The columnar readers' batch size the job sets: about 4M tensor values per batch. */
class ReaderBatchSizeTest {

    private static AugmentSettings settings(List<String> columns, int... shape) {
        return new AugmentSettings("in", InputFormat.PARQUET, columns, SampleShape.of(shape), 0.5, DropoutMode.FEATURE,
                1L, null, 1, HandleInvalid.SKIP, "out", null);
    }

    @Test
    void bigSamplesGetSmallBatches() {
        assertEquals(64, ReaderBatchSize.rows(settings(List.of("x"), 16, 4, 32, 32)), "65536 values a row");
        assertEquals(32, ReaderBatchSize.rows(settings(List.of("x", "y"), 16, 4, 32, 32)), "two columns");
        assertEquals(1, ReaderBatchSize.rows(settings(List.of("x"), 64, 64, 64, 64)), "at least one row");
    }

    @Test
    void smallSamplesKeepSparksDefault() {
        assertEquals(4096, ReaderBatchSize.rows(settings(List.of("x"), 8, 2, 8, 8)), "1024 values a row");
        assertEquals(4096, ReaderBatchSize.rows(settings(List.of("x"), 3, 1)));
    }

    @Test
    void unknownLengthIsConservative() {
        assertEquals(ReaderBatchSize.UNKNOWN_LENGTH_ROWS, ReaderBatchSize.rows(settings(List.of("x"), 16, -1)));
    }
}
