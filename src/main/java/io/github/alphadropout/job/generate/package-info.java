/**
 * The {@code generate} run: N(0,1) samples made from a seed, the same whatever the partitioning
 * ({@link io.github.alphadropout.job.generate.SampleGenerator}), written through the same output as {@code augment}
 * ({@link io.github.alphadropout.job.generate.GenerateRun}, the entry). Internal to the job.
 */
package io.github.alphadropout.job.generate;
