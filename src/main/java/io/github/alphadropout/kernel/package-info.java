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
