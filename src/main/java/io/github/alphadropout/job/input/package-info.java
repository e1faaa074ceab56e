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
