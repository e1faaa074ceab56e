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


/** The formats {@code augment --output-format} writes: Parquet files, or a table that commits in one transaction. */
public enum OutputFormat {
    PARQUET,
    DELTA,
    ICEBERG;

    /** Whether the output is a table (Delta Lake or Iceberg) rather than a folder of Parquet files. */
    boolean isTable() {
        return this != PARQUET;
    }

    @Override
    public String toString() {
        return OptionText.of(this);
    }
}
