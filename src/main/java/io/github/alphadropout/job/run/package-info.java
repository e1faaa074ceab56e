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
 * The vocabulary every part of a job run shares: its settings ({@link io.github.alphadropout.job.run.AugmentSettings},
 * {@link io.github.alphadropout.job.run.GenerateSettings}), the formats and modes it reads and writes in, the limits
 * on a sample, how a failure is told ({@link io.github.alphadropout.job.run.JobFailure},
 * {@link io.github.alphadropout.job.run.UsageException}), what a run produced
 * ({@link io.github.alphadropout.job.run.RunSummary}), and the copy seeds
 * ({@link io.github.alphadropout.job.run.CopySeeds}). It depends on no other job package, so every one of them can
 * use it. Internal to the job.
 */
package io.github.alphadropout.job.run;
