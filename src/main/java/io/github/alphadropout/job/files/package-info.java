/**
 * The file-system side of a run: qualifying and comparing Hadoop paths (input, output, report and checkpoint never
 * overlap, however they are spelled), local files, Parquet footers (row counts and sample lengths without reading
 * the data) and the Parquet writer's settings for large samples. Internal to the job.
 */
package io.github.alphadropout.job.files;
