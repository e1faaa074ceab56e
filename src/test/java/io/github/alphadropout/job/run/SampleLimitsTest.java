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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleLimitsTest {

    @Test
    void samplesThatCannotFitInASparkRowAreRefusedUpFront() {
        // Spark's row: 8 bytes of null bits and 8 per field, then each array: an 8-byte count, its null bits in
        // words, its values in words; at most Integer.MAX_VALUE - 15 bytes in all.
        assertEquals(Integer.MAX_VALUE - 15, SampleLimits.MAX_ROW_BYTES);
        assertEquals(8 + 8 + 8 + 8 + 16, SampleLimits.rowBytes(3, List.of(4), List.of(false), 0));
        long maxFloats = 520_602_086;
        assertEquals(SampleLimits.MAX_ROW_BYTES, SampleLimits.rowBytes(maxFloats, List.of(4), List.of(false), 0));
        assertTrue(SampleLimits.rowBytes(maxFloats + 1, List.of(4), List.of(false), 0) > SampleLimits.MAX_ROW_BYTES);
        assertTrue(SampleLimits.rowBytes(264_305_674, List.of(8), List.of(false), 0) <= SampleLimits.MAX_ROW_BYTES);
        assertTrue(SampleLimits.rowBytes(264_305_675, List.of(8), List.of(false), 0) > SampleLimits.MAX_ROW_BYTES);
        // Half as many floats as CliUsageTest's refused shape fit (as doubles, see AugmentSettingsTest).
        assertTrue(SampleLimits.rowBytes(268_435_456, List.of(4), List.of(false), 2) <= SampleLimits.MAX_ROW_BYTES);
    }
}
