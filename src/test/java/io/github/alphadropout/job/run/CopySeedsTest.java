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

import io.github.alphadropout.kernel.CounterRandom;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopySeedsTest {

    @Test
    void copySeedsFollowTheDocumentedFormula() {
        long s = 42;
        assertEquals(s, CopySeeds.seed(s, 0), "copy 0 is the Transformer with the job seed");
        assertEquals(CounterRandom.mix64(s + CounterRandom.GOLDEN), CopySeeds.seed(s, 1));
        assertEquals(CounterRandom.mix64(s + 5 * CounterRandom.GOLDEN), CopySeeds.seed(s, 5));
        Set<Long> seeds = new HashSet<>();
        for (int k = 0; k < 1000; k++) {
            assertTrue(seeds.add(CopySeeds.seed(s, k)), "distinct seeds");
        }
        assertThrows(IllegalArgumentException.class, () -> CopySeeds.seed(s, -1));
    }
}
