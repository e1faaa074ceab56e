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

package io.github.alphadropout.job.files;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParquetWriterSettingsTest {

    @Test
    void theParquetWritersChecksAreSizedFromTheSample() {
        assertEquals(Map.of(ParquetWriterSettings.BLOCK_CHECK_MIN, "2", ParquetWriterSettings.PAGE_CHECK_MIN, "2",
                ParquetWriterSettings.BLOCK_CHECK_MAX, "16", ParquetWriterSettings.PAGE_CHECK_MAX, "16"),
                ParquetWriterSettings.options(k -> false, 8L << 20), "8 MiB samples: look every 2 rows, at least every 16");
        assertEquals(Map.of(ParquetWriterSettings.BLOCK_CHECK_MIN, "1", ParquetWriterSettings.PAGE_CHECK_MIN, "1",
                ParquetWriterSettings.BLOCK_CHECK_MAX, "1", ParquetWriterSettings.PAGE_CHECK_MAX, "1"),
                ParquetWriterSettings.options(k -> false, 4L * 155 * 240 * 240 * 4), "143 MiB samples: every row");
        assertEquals(Map.of(ParquetWriterSettings.BLOCK_CHECK_MAX, "2048", ParquetWriterSettings.PAGE_CHECK_MAX, "2048"),
                ParquetWriterSettings.options(k -> false, 64L << 10), "64 KiB samples: Parquet's minimum of 100 rows stays");
        assertEquals(Map.of(), ParquetWriterSettings.options(k -> false, 4096), "small samples: Parquet's defaults");
        assertEquals(Map.of(), ParquetWriterSettings.options(k -> false, -1), "unknown size (a -1 in the shape)");
        assertEquals(Map.of(ParquetWriterSettings.PAGE_CHECK_MIN, "1", ParquetWriterSettings.PAGE_CHECK_MAX, "1"),
                ParquetWriterSettings.options(k -> k.startsWith("parquet.block"), 200L << 20), "the user's own win");
    }
}
