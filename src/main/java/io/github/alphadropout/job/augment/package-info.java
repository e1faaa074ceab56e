/**
 * The {@code augment} runs: {@link io.github.alphadropout.job.augment.BatchAugment} (one batch) and
 * {@link io.github.alphadropout.job.augment.StreamAugment} (a stream with a checkpoint), each the entry of a straight
 * path: settings, input, plan ({@link io.github.alphadropout.job.augment.Augmentation}: the copies, each a
 * Transformer with its copy seed), output, summary, report. Internal to the job.
 */
package io.github.alphadropout.job.augment;
