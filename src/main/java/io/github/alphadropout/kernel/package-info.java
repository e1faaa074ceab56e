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
 * Alpha dropout and feature alpha dropout on float32 and float64 arrays, bit for bit as PyTorch computes them: plain
 * Java, no Spark, Scala or Hadoop.
 *
 * <p>API: {@link io.github.alphadropout.kernel.AlphaDropoutKernels} (picks the Vector API kernel where the JVM has
 * the module, else the scalar one, which gives the same bits), {@link io.github.alphadropout.kernel.AlphaDropoutKernel},
 * {@link io.github.alphadropout.kernel.AlphaDropoutOp}, {@link io.github.alphadropout.kernel.SampleShape},
 * {@link io.github.alphadropout.kernel.DropoutMode}, {@link io.github.alphadropout.kernel.RowSeeds} and
 * {@link io.github.alphadropout.kernel.AlphaDropoutCoefficients}. Internal: the two kernel implementations and
 * {@link io.github.alphadropout.kernel.CounterRandom}, public only for the layers above and the benchmarks.
 */
package io.github.alphadropout.kernel;
