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
 * What a run reads: {@link io.github.alphadropout.job.input.Input}, pinned when it is opened so that every read sees
 * the same rows: files of a format, a Delta Lake table at a version, an Iceberg table at a snapshot. Parquet pages
 * are read with their checksums verified, and the columnar readers' batches are sized to the samples
 * ({@link io.github.alphadropout.job.input.ReaderBatchSize}).
 *
 * <p>API: {@link io.github.alphadropout.job.input.Input} and its entry
 * {@link io.github.alphadropout.job.input.Inputs}; the implementations are package-private. Internal to the job.
 */
package io.github.alphadropout.job.input;
