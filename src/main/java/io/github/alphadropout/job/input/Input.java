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

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a batch run reads, checked and pinned when it is opened ({@link Inputs#open}): files of a format, a Delta
 * table at a version, an Iceberg table at a snapshot. Every read of its {@link #rows()} sees the same rows,
 * whatever is committed to a table meanwhile.
 */
public interface Input {

    /** The input's rows. */
    Dataset<Row> rows();

    /** The version read, as the summary names it (e.g. "version 3", "snapshot 8"); null for files. */
    String version();
}
