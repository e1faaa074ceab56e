/**
 * The HTML report of an {@code augment} run: {@link io.github.alphadropout.job.report.ReportStep} (the entry) gathers
 * the statistics ({@link io.github.alphadropout.job.report.ReportStats}) in one pass over the input and the output,
 * and {@link io.github.alphadropout.job.report.ReportWriter} renders the page and its charts. Internal to the job.
 */
package io.github.alphadropout.job.report;
