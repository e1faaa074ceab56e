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

import io.github.alphadropout.kernel.SampleShape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateSettingsTest {

    private static GenerateSettings generate(long rows, int partitions, GenerateSettings.ElementType type,
                                             int... shape) {
        return new GenerateSettings(rows, SampleShape.of(shape), 1, partitions, List.of("features"), type, "out");
    }

    @Test
    void generateSizesItsPartitionsByBytes() {
        long mib128 = 128L << 20;
        // The case: 300 samples of 1x128x128x128 floats, 8 MiB each (2.4 GB in all), on 16 cores.
        GenerateSettings big = generate(300, 0, GenerateSettings.ElementType.FLOAT, 1, 128, 128, 128);
        int p = big.partitions(mib128, 16);
        assertEquals(19, p);
        long rowsPerPartition = (300 + p - 1) / p; // spark.range splits rows evenly
        assertTrue(rowsPerPartition * big.bytesPerRow() <= mib128, "at most 128 MiB of samples per partition");
        assertEquals(38, generate(300, 0, GenerateSettings.ElementType.DOUBLE, 1, 128, 128, 128)
                .partitions(mib128, 16), "doubles take twice the bytes");
        // Small data: one partition per core, as before.
        assertEquals(2, generate(120, 0, GenerateSettings.ElementType.FLOAT, 4, 2, 4, 4).partitions(mib128, 2));
        // Never more partitions than rows, even when one sample is larger than the target.
        assertEquals(2, generate(2, 0, GenerateSettings.ElementType.FLOAT, 1, 64, 1024, 1024).partitions(1 << 20, 8));
        // --partitions wins.
        assertEquals(3, generate(300, 3, GenerateSettings.ElementType.FLOAT, 1, 128, 128, 128).partitions(mib128, 16));
    }

    @Test
    void generateMemoryAdviceFitsTheCase() {
        String split = generate(300, 0, GenerateSettings.ElementType.FLOAT, 1, 128, 128, 128).memoryAdvice(19);
        assertTrue(split.startsWith(JobFailure.MORE_MEMORY + "; or write smaller partitions: --partitions 76 (this"
                + " run: 19 of 16 rows, 8 MiB each while made)"), split);
        String one = generate(2, 0, GenerateSettings.ElementType.FLOAT, 1, 64, 1024, 1024).memoryAdvice(2);
        assertTrue(one.contains("a sample of shape 1,64,1024,1024 takes 256 MiB while it is made, and each partition"
                + " holds one already") && !one.contains("--partitions"), one);
    }
}
