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
 * The {@code augment} runs: {@link io.github.alphadropout.job.augment.BatchAugment} (one batch) and
 * {@link io.github.alphadropout.job.augment.StreamAugment} (a stream with a checkpoint), each the entry of a straight
 * path: settings, input, plan ({@link io.github.alphadropout.job.augment.Augmentation}: the copies, each a
 * Transformer with its copy seed), output, summary, report. Internal to the job.
 */
package io.github.alphadropout.job.augment;
