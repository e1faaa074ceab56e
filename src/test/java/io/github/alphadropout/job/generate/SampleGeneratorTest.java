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

package io.github.alphadropout.job.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SampleGeneratorTest {

    @Test
    void generatedSamplesAreStandardNormalAndDeterministic() {
        int n = 200_000;
        double[] x = SampleGenerator.gaussian(3, 0, 17, n);
        double sum = 0;
        double sumSq = 0;
        int beyond2 = 0;
        for (double v : x) {
            sum += v;
            sumSq += v * v;
            if (Math.abs(v) > 2) {
                beyond2++;
            }
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        assertEquals(0, mean, 4 / Math.sqrt(n));
        assertEquals(1, var, 0.02);
        assertEquals(0.0455, (double) beyond2 / n, 0.003, "two-sided tail beyond 2 sigma");
        assertArrayEquals(x, SampleGenerator.gaussian(3, 0, 17, n), "same (seed, column, id), same sample");
        assertFalse(Arrays.equals(x, SampleGenerator.gaussian(3, 0, 18, n)), "rows differ");
        assertFalse(Arrays.equals(x, SampleGenerator.gaussian(3, 1, 17, n)), "columns differ");
        assertEquals(5, SampleGenerator.gaussian(1, 0, 0, 5).length, "odd lengths");
    }
}
