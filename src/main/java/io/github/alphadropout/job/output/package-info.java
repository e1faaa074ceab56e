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
 * Where a run writes: {@link io.github.alphadropout.job.output.Output}, whose contract (check and claim before the
 * input is read, put right what an interrupted run left, write, count, commit once, say the version, undo what was
 * not committed) is written once on the interface, and one implementation per kind of output, each saying which of
 * its guarantees it meets and how: a Parquet folder, committed by renames on a file system that has them (local
 * disk, HDFS) or by S3A's magic committer on an object store ({@code s3a://}), and a Delta Lake or Iceberg table,
 * committed by its own log.
 *
 * <p>API: {@link io.github.alphadropout.job.output.Output} and its entry
 * {@link io.github.alphadropout.job.output.Outputs}. The implementations, the folder commits and their journal are
 * package-private. Internal to the job.
 */
package io.github.alphadropout.job.output;
