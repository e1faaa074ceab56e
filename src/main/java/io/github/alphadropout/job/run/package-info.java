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
