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

import io.github.alphadropout.job.report.ReportStats.ChannelGroup;
import io.github.alphadropout.job.report.ReportWriter.RunInfo;
import io.github.alphadropout.job.report.ReportStats.ColumnReport;
import io.github.alphadropout.job.report.ReportStats.CopyStats;
import io.github.alphadropout.job.report.ReportStats.Histogram;
import io.github.alphadropout.kernel.DropoutMode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's charts, three PNGs per augmented column drawn with XChart: the values before and after (with the
 * standard normal's density), mean and std per copy, and the drop rate per channel against p.
 */
final class ReportCharts {

    /** The size of every chart, in pixels (the page shows them at this size). */
    static final int WIDTH = 860;
    static final int HEIGHT = 460;
    private static final Color INPUT_COLOR = new Color(0x4C72B0);
    private static final Color OUTPUT_COLOR = new Color(0xDD8452);
    private static final Color REFERENCE_COLOR = new Color(0x55A868);
    private static final Color BAND_COLOR = new Color(0x999999);

    private ReportCharts() {
    }

    /** Draws column {@code c}'s charts into {@code dir}, named after {@code prefix}; returns their names by kind. */
    static Map<String, String> draw(Path dir, String prefix, ColumnReport c, RunInfo run) throws IOException {
        Map<String, String> images = new LinkedHashMap<>();
        images.put("histogram", save(histogramChart(c, run), dir, prefix + "-histogram.png"));
        images.put("moments", save(momentsChart(c), dir, prefix + "-mean-std.png"));
        if (!c.channels().isEmpty()) {
            images.put("channels", save(channelChart(c, run), dir, prefix + "-drop-rate.png"));
        }
        return images;
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name)
            throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name;
    }

    private static XYChart histogramChart(ColumnReport c, RunInfo run) {
        Histogram h = c.histogram();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("'" + c.column() + "': values before and after (density, sampled)")
                .xAxisTitle("value").yAxisTitle("density").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        int bins = h.input().length;
        double[] x = new double[bins];
        double[] in = new double[bins];
        double[] out = new double[bins];
        double maxDensity = 0;
        for (int b = 0; b < bins; b++) {
            x[b] = h.center(b);
            in[b] = h.inputSampled() > 0 ? h.input()[b] / (h.inputSampled() * h.width()) : 0;
            out[b] = h.outputSampled() > 0 ? h.output()[b] / (h.outputSampled() * h.width()) : 0;
            maxDensity = Math.max(maxDensity, Math.max(in[b], out[b]));
        }
        XYSeries input = chart.addSeries("input", x, in);
        input.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        input.setMarker(SeriesMarkers.NONE);
        input.setFillColor(new Color(0x4C, 0x72, 0xB0, 90));
        input.setLineColor(INPUT_COLOR);
        XYSeries output = chart.addSeries("output, all copies (p = " + ReportWriter.num(run.settings().p()) + ")",
                x, out);
        output.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        output.setMarker(SeriesMarkers.NONE);
        output.setLineColor(OUTPUT_COLOR);
        output.setLineWidth(2f);
        if (c.droppedMarker() >= h.lo() && c.droppedMarker() <= h.hi() && maxDensity > 0) {
            XYSeries dropped = chart.addSeries("dropped value " + ReportWriter.marker(c),
                    new double[] {c.droppedMarker(), c.droppedMarker()}, new double[] {0, maxDensity});
            dropped.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            dropped.setMarker(SeriesMarkers.NONE);
            dropped.setLineColor(REFERENCE_COLOR);
            dropped.setLineStyle(dashed());
        }
        return chart;
    }

    private static CategoryChart momentsChart(ColumnReport c) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("'" + c.column() + "': mean and std per copy (self-normalising: 0 and 1)")
                .xAxisTitle("").yAxisTitle("").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        List<String> labels = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        labels.add("input");
        means.add(c.input().mean());
        stds.add(c.input().std());
        for (CopyStats copy : c.copies()) {
            labels.add("copy " + copy.copy());
            means.add(copy.moments().mean());
            stds.add(copy.moments().std());
        }
        CategorySeries mean = chart.addSeries("mean", labels, means);
        mean.setFillColor(INPUT_COLOR);
        CategorySeries std = chart.addSeries("std", labels, stds);
        std.setFillColor(OUTPUT_COLOR);
        CategorySeries zero = chart.addSeries("target mean 0", labels, repeat(0.0, labels.size()));
        zero.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        zero.setMarker(SeriesMarkers.NONE);
        zero.setLineColor(INPUT_COLOR);
        zero.setLineStyle(dashed());
        CategorySeries one = chart.addSeries("target std 1", labels, repeat(1.0, labels.size()));
        one.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        one.setMarker(SeriesMarkers.NONE);
        one.setLineColor(OUTPUT_COLOR);
        one.setLineStyle(dashed());
        return chart;
    }

    private static CategoryChart channelChart(ColumnReport c, RunInfo run) {
        double p = run.settings().p();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("'" + c.column() + "': drop rate per channel vs p = " + ReportWriter.num(p)
                        + (run.settings().mode() == DropoutMode.FEATURE ? " (whole channels)" : " (elements)"))
                .xAxisTitle(c.channels().size() < c.channelCount() ? "channels (grouped)" : "channel")
                .yAxisTitle("fraction dropped").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.min(1.0, Math.max(p * 1.6, p + 0.1)));
        if (c.channels().size() > 16) {
            chart.getStyler().setXAxisLabelRotation(90);
        }
        List<String> labels = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> low = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        for (ChannelGroup g : c.channels()) {
            labels.add(g.label());
            rates.add(g.dropRate());
            double sigma = sigma(p, decisions(g, c, run));
            low.add(Math.max(0, p - 4 * sigma));
            high.add(Math.min(1, p + 4 * sigma));
        }
        CategorySeries measured = chart.addSeries("measured drop rate", labels, rates);
        measured.setFillColor(OUTPUT_COLOR);
        CategorySeries target = chart.addSeries("p", labels, repeat(p, labels.size()));
        target.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        target.setMarker(SeriesMarkers.NONE);
        target.setLineColor(REFERENCE_COLOR);
        target.setLineWidth(2f);
        CategorySeries lower = chart.addSeries("p \u00b1 4 sigma", labels, low);
        lower.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        lower.setMarker(SeriesMarkers.NONE);
        lower.setLineColor(BAND_COLOR);
        lower.setLineStyle(dashed());
        CategorySeries upper = chart.addSeries("upper", labels, high);
        upper.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        upper.setMarker(SeriesMarkers.NONE);
        upper.setLineColor(BAND_COLOR);
        upper.setLineStyle(dashed());
        upper.setShowInLegend(false);
        return chart;
    }

    /** Independent keep/drop decisions behind a channel group's rate: channels in feature mode, else elements. */
    private static long decisions(ChannelGroup g, ColumnReport c, RunInfo run) {
        if (run.settings().mode() == DropoutMode.ELEMENT) {
            return g.values();
        }
        long channels = g.last() - g.first() + 1L;
        return c.output().rows() * channels;
    }

    private static double sigma(double p, long n) {
        return n > 0 ? Math.sqrt(p * (1 - p) / n) : 0;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setAntiAlias(true);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setPlotGridLinesVisible(true);
        }
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
    }

    private static List<Double> repeat(double value, int n) {
        List<Double> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(value);
        }
        return out;
    }
}
