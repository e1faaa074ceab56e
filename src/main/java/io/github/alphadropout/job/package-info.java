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

/**
 * The command-line batch augmentation job ({@code bin/alpha-dropout}, or {@code spark-submit --class
 * io.github.alphadropout.job.AlphaDropoutJob}): the commands, their picocli converters, and the Spark session they
 * set up. This package is only the command line; each sub-package does one part of a run:
 * <ul>
 *   <li>{@code job.run}: the shared vocabulary (settings, formats, modes, limits, failures, summary); depends on no
 *       other job package;</li>
 *   <li>{@code job.files}: Hadoop paths and their overlap checks, Parquet footers and writer settings;</li>
 *   <li>{@code job.table}: Delta Lake and Iceberg tables, read at a version or written in one commit;</li>
 *   <li>{@code job.input}: what a run reads: files, a Delta version or an Iceberg snapshot;</li>
 *   <li>{@code job.output}: where a run writes, one implementation per kind of output;</li>
 *   <li>{@code job.augment} and {@code job.generate}: the runs, each one straight path from its settings to its
 *       summary (augment: input, plan, output, report; generate: plan, output);</li>
 *   <li>{@code job.report}: the HTML report of a run.</li>
 * </ul>
 *
 * <p>API: {@link io.github.alphadropout.job.AlphaDropoutJob} (its {@code main} and its exit codes). Everything else
 * in {@code io.github.alphadropout.job} and its sub-packages is internal to the job, public only where another job
 * package uses it.
 */
package io.github.alphadropout.job;
