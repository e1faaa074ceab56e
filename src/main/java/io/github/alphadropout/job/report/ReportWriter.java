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

package io.github.alphadropout.job.report;

import io.github.alphadropout.job.run.OptionText;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.RunSummary;
import io.github.alphadropout.job.report.ReportStats.ChannelGroup;
import io.github.alphadropout.job.report.ReportStats.ColumnReport;
import io.github.alphadropout.job.report.ReportStats.CopyStats;
import io.github.alphadropout.job.report.ReportStats.Histogram;
import io.github.alphadropout.job.report.ReportStats.Moments;
import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the report: a self-contained {@code index.html} (relative links to its PNGs, numbers as text in tables
 * whose cells carry a {@code data-key} attribute, so tools and tests can read them back) with, per augmented
 * column, the charts of {@link ReportCharts}.
 */
public final class ReportWriter {

    public static final String INDEX = "index.html";

    /** Everything the page shows besides the per-column numbers. */
    record RunInfo(AugmentSettings settings, RunSummary summary, String master, String sparkVersion,
                   String kernel, String version) {
    }

    private ReportWriter() {
    }

    /** Writes the page and its charts into {@code dir} (created if needed); returns the page. */
    static Path write(Path dir, RunInfo run, List<ColumnReport> columns) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        try {
            Files.createDirectories(dir);
            StringBuilder html = new StringBuilder();
            head(html, run);
            for (int i = 0; i < columns.size(); i++) {
                ColumnReport c = columns.get(i);
                String prefix = "c" + i + "-" + c.column().replaceAll("[^A-Za-z0-9_-]", "_");
                column(html, c, run, ReportCharts.draw(dir, prefix, c, run));
            }
            html.append("</body>\n</html>\n");
            Path index = dir.resolve(INDEX);
            Files.writeString(index, html, StandardCharsets.UTF_8);
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void head(StringBuilder html, RunInfo run) {
        AugmentSettings s = run.settings();
        RunSummary r = run.summary();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>alpha-dropout report: ").append(esc(s.output())).append("</title>\n")
                .append("<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;")
                .append("max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n")
                .append("table{border-collapse:collapse;margin:.6em 0 1.2em}")
                .append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}\n")
                .append("img{max-width:100%;border:1px solid #ddd;margin:.4em 0}code{background:#f5f5f5;")
                .append("padding:0 .2em}.note{color:#555;font-size:.92em}\n")
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>Alpha dropout augmentation report</h1>\n");
        html.append("<p>").append(String.format(Locale.ROOT, "%,d", r.rowsIn())).append(" rows of <code>")
                .append(esc(s.input())).append("</code> became ").append(String.format(Locale.ROOT, "%,d", r.rowsOut()))
                .append(" rows (").append(s.copies()).append(s.copies() == 1 ? " copy" : " copies")
                .append(") in <code>").append(esc(s.output())).append("</code>: ")
                .append(s.mode() == DropoutMode.FEATURE ? "feature alpha dropout (whole channels)"
                        : "alpha dropout (single elements)")
                .append(" with p = ").append(num(s.p())).append(".</p>\n");

        html.append("<h2>Run</h2>\n<table>\n");
        row(html, "rows in", "run.rows_in", Long.toString(r.rowsIn()));
        row(html, "rows out", "run.rows_out", Long.toString(r.rowsOut()));
        row(html, "copies", "run.copies", Integer.toString(s.copies()));
        row(html, "invalid rows skipped", "run.invalid_skipped", Long.toString(r.invalidSkipped()));
        row(html, "time (s)", "run.seconds", String.format(Locale.ROOT, "%.3f", r.seconds()));
        row(html, "throughput (rows/s)", "run.rows_per_second", String.format(Locale.ROOT, "%.1f", r.rowsPerSecond()));
        row(html, "throughput (values/s)", "run.values_per_second",
                String.format(Locale.ROOT, "%.0f", r.valuesPerSecond()));
        if (r.inputVersion() != null) {
            row(html, "input version", "run.input_version", r.inputVersion());
        }
        if (r.outputVersion() != null) {
            row(html, "output version", "run.output_version", r.outputVersion());
        }
        row(html, "Spark master", "run.master", run.master());
        row(html, "Spark version", "run.spark_version", run.sparkVersion());
        row(html, "kernel (driver)", "run.kernel", run.kernel());
        row(html, "alpha-dropout version", "run.version", run.version());
        html.append("</table>\n");

        html.append("<h2>Settings</h2>\n<table>\n");
        row(html, "input", "setting.input", s.input());
        row(html, "format", "setting.format", s.format().sparkName());
        row(html, "columns", "setting.columns", String.join(",", s.columns()));
        row(html, "shape (C, ...)", "setting.shape", OptionText.shape(s.shape()));
        row(html, "mode", "setting.mode", OptionText.of(s.mode()));
        row(html, "p", "setting.p", num(s.p()));
        row(html, "seed", "setting.seed", Long.toString(s.seed()));
        row(html, "seed column", "setting.seed_column", s.seedColumn() == null ? "(row position)" : s.seedColumn());
        row(html, "handleInvalid", "setting.handle_invalid", s.handleInvalid().paramValue());
        row(html, "output", "setting.output", s.output());
        html.append("</table>\n");
        html.append("<table>\n<tr><th>copy</th><th>seed</th></tr>\n");
        long[] seeds = s.copySeeds();
        for (int k = 0; k < seeds.length; k++) {
            html.append("<tr><td class=\"n\">").append(k).append("</td>")
                    .append(cell("setting.copy." + k + ".seed", Long.toString(seeds[k]))).append("</tr>\n");
        }
        html.append("</table>\n");
        html.append("<p class=\"note\">Copy k uses seed(S, k): S for k = 0, mix64(S + GOLDEN * k) otherwise "
                + "(SplitMix64); each row's mask then depends on that seed and ")
                .append(s.seedColumn() == null ? "the row's position (partition, row)" : "the seed column's value")
                .append(".</p>\n");

        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(s.p());
        html.append("<h2>Constants</h2>\n<table>\n<tr><th>name</th><th>formula</th><th>double</th>")
                .append("<th>float32</th></tr>\n");
        constant(html, "ALPHA", "SELU scale * SELU alpha", "alpha", AlphaDropoutCoefficients.ALPHA,
                (float) AlphaDropoutCoefficients.ALPHA);
        constant(html, "a", "1 / sqrt((ALPHA\u00b2 p + 1)(1 - p))", "a", k.scale(), k.scaleF());
        constant(html, "kept shift", "ALPHA a p", "kept_shift", k.keptShift(), k.keptShiftF());
        constant(html, "dropped value", "-ALPHA a (1 - p)", "dropped_value", k.droppedValue(), k.droppedValueF());
        html.append("</table>\n<p class=\"note\">Kept: <code>y = x * a + ALPHA a p</code>; dropped: "
                + "<code>y = x * 0 + (-ALPHA a + ALPHA a p)</code>, in the input's precision, rounded as PyTorch "
                + "rounds (no fused multiply-add). p = 0 or 1 are special: identity and <code>x * 0</code>.</p>\n");
    }

    private static void constant(StringBuilder html, String name, String formula, String key, double d, float f) {
        html.append("<tr><td>").append(esc(name)).append("</td><td>").append(esc(formula)).append("</td>")
                .append(cell("constant." + key + ".double", Double.toString(d)))
                .append(cell("constant." + key + ".float", Float.toString(f))).append("</tr>\n");
    }

    private static void column(StringBuilder html, ColumnReport c, RunInfo run, Map<String, String> images) {
        String key = "col." + c.column();
        double p = run.settings().p();
        html.append("<h2>Column <code>").append(esc(c.column())).append("</code> (").append(c.elementType())
                .append(")</h2>\n");
        Moments out = c.output();
        html.append("<p>Over all copies: mean ").append(fmt(out.mean())).append(", std ").append(fmt(out.std()))
                .append(" (input: mean ").append(fmt(c.input().mean())).append(", std ")
                .append(fmt(c.input().std())).append("); fraction of values dropped ").append(fmt(c.dropRate()))
                .append(" for p = ").append(num(p)).append(".</p>\n");

        html.append("<h3>Values before and after</h3>\n");
        img(html, images.get("histogram"), "histogram of input and output values");
        Histogram h = c.histogram();
        html.append("<p class=\"note\">Sampled ").append(String.format(Locale.ROOT, "%,d", h.inputSampled()))
                .append(" input and ").append(String.format(Locale.ROOT, "%,d", h.outputSampled()))
                .append(" output values; dropped values all equal ").append(marker(c))
                .append(", the spike. Values outside [").append(fmt(h.lo())).append(", ").append(fmt(h.hi()))
                .append("]: ").append(h.inputOutside()).append(" in, ").append(h.outputOutside())
                .append(" out.</p>\n");
        html.append("<details><summary>Histogram counts</summary>\n<table>\n<tr><th>bin from</th><th>bin to</th>")
                .append("<th>input</th><th>output</th></tr>\n");
        for (int b = 0; b < h.input().length; b++) {
            html.append("<tr><td class=\"n\">").append(fmt(h.lo() + b * h.width())).append("</td><td class=\"n\">")
                    .append(fmt(h.lo() + (b + 1) * h.width())).append("</td>")
                    .append(cell(key + ".histogram." + b + ".input", Long.toString(h.input()[b])))
                    .append(cell(key + ".histogram." + b + ".output", Long.toString(h.output()[b])))
                    .append("</tr>\n");
        }
        html.append("</table>\n</details>\n");

        html.append("<h3>Mean and standard deviation per copy</h3>\n");
        img(html, images.get("moments"), "mean and standard deviation per copy");
        html.append("<table>\n<tr><th></th><th>rows</th><th>values</th><th>mean</th><th>std</th>")
                .append("<th>fraction dropped</th></tr>\n");
        Moments in = c.input();
        html.append("<tr><td>input</td>").append(cell(key + ".input.rows", Long.toString(in.rows())))
                .append(cell(key + ".input.values", Long.toString(in.values())))
                .append(cell(key + ".input.mean", fmt(in.mean())))
                .append(cell(key + ".input.std", fmt(in.std()))).append("<td></td></tr>\n");
        for (CopyStats copy : c.copies()) {
            String k = key + ".copy." + copy.copy();
            Moments m = copy.moments();
            html.append("<tr><td>copy ").append(copy.copy()).append("</td>")
                    .append(cell(k + ".rows", Long.toString(m.rows())))
                    .append(cell(k + ".values", Long.toString(m.values())))
                    .append(cell(k + ".mean", fmt(m.mean())))
                    .append(cell(k + ".std", fmt(m.std())))
                    .append(cell(k + ".drop_rate", fmt(copy.dropRate()))).append("</tr>\n");
        }
        html.append("<tr><td>all copies</td>").append(cell(key + ".output.rows", Long.toString(out.rows())))
                .append(cell(key + ".output.values", Long.toString(out.values())))
                .append(cell(key + ".output.mean", fmt(out.mean())))
                .append(cell(key + ".output.std", fmt(out.std())))
                .append(cell(key + ".output.drop_rate", fmt(c.dropRate()))).append("</tr>\n</table>\n");
        html.append("<p class=\"note\">Self-normalisation: for N(0,1) input the output has mean 0 and std 1 in "
                + "expectation; PyTorch's own test accepts |mean(out) - mean(in)| &lt; 0.1 and "
                + "|std(out) - std(in)| &lt; 0.1.</p>\n");

        html.append("<h3>Drop rate per channel</h3>\n");
        if (c.channels().isEmpty()) {
            html.append("<p class=\"note\">The channel count is inferred per row (shape starts with -1), so no "
                    + "per-channel rates are shown.</p>\n");
            return;
        }
        img(html, images.get("channels"), "drop rate per channel against p");
        html.append("<table>\n<tr><th>channel").append(c.channels().size() < c.channelCount() ? "s" : "")
                .append("</th><th>values</th><th>dropped</th><th>drop rate</th><th>p</th></tr>\n");
        for (int i = 0; i < c.channels().size(); i++) {
            ChannelGroup g = c.channels().get(i);
            String k = key + ".channel." + g.label();
            html.append("<tr><td>").append(g.label()).append("</td>")
                    .append(cell(k + ".values", Long.toString(g.values())))
                    .append(cell(k + ".dropped", Long.toString(g.dropped())))
                    .append(cell(k + ".drop_rate", fmt(g.dropRate())))
                    .append("<td class=\"n\">").append(num(p)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** The dropped value as the column's element type prints it. */
    static String marker(ColumnReport c) {
        return c.elementType().equals("float") ? Float.toString((float) c.droppedMarker())
                : Double.toString(c.droppedMarker());
    }

    private static void img(StringBuilder html, String src, String alt) {
        html.append("<img src=\"").append(esc(src)).append("\" alt=\"").append(esc(alt)).append("\" width=\"")
                .append(ReportCharts.WIDTH).append("\" height=\"").append(ReportCharts.HEIGHT).append("\">\n");
    }

    private static void row(StringBuilder html, String label, String key, String value) {
        html.append("<tr><th>").append(esc(label)).append("</th>").append(cell(key, value)).append("</tr>\n");
    }

    /** A table cell with its {@code data-key}; numbers are right-aligned. */
    private static String cell(String key, String value) {
        boolean number = value != null && value.matches("[-+]?[0-9.][0-9.eE+-]*|NaN|-?Infinity");
        return "<td" + (number ? " class=\"n\"" : "") + " data-key=\"" + esc(key) + "\">" + esc(value) + "</td>";
    }

    /** Numbers in tables: 7 significant digits, enough to check against the data. */
    static String fmt(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return String.format(Locale.ROOT, "%.7g", v);
    }

    /** Settings as given: shortest form. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
