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

import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.ColumnNames;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

/**
 * The numbers behind the report, computed with Spark aggregations over the data (input and written output),
 * never by collecting it: per-row sums in higher-order functions, summed by copy. The histograms use a row
 * sample of about {@value #HISTOGRAM_VALUES} values per side.
 *
 * <p>Only samples that fit the shape and have no null element are counted (with handleInvalid=keep the output
 * may hold invalid rows passed through unchanged). A value counts as dropped when it equals the dropped value
 * {@code -ALPHA*a*(1-p)} of the column's element type exactly (for p = 1, where PyTorch outputs {@code x * 0},
 * when it is zero); a kept value equals it only for an input of exactly {@code -ALPHA}, which N(0,1) data
 * practically never holds.
 */
public final class ReportStats {

    public static final int HISTOGRAM_BINS = 80;
    static final long HISTOGRAM_VALUES = 200_000;
    static final int MAX_CHANNEL_GROUPS = 64;
    /** Histogram range is the sample's range, clipped to this many units either side of zero. */
    static final double HISTOGRAM_LIMIT = 8.0;
    private static final String V = "__report_values";
    private static final String COPY = "__report_copy";

    private ReportStats() {
    }

    /** Sums of the values of some rows; mean and standard deviation (n - 1 in the denominator, as torch.std). */
    public record Moments(long rows, long values, double sum, double sumSquares) {
        public double mean() {
            return values > 0 ? sum / values : Double.NaN;
        }

        public double std() {
            if (values < 2) {
                return Double.NaN;
            }
            double mean = mean();
            return Math.sqrt(Math.max(0, (sumSquares - values * mean * mean) / (values - 1)));
        }

        Moments plus(Moments o) {
            return new Moments(rows + o.rows, values + o.values, sum + o.sum, sumSquares + o.sumSquares);
        }
    }

    /** One copy of the output: its seed, moments and fraction of values dropped. */
    public record CopyStats(int copy, long seed, Moments moments, long dropped) {
        public double dropRate() {
            return moments.values() > 0 ? (double) dropped / moments.values() : Double.NaN;
        }
    }

    /** Consecutive channels {@code first..last} (inclusive), all copies together. */
    public record ChannelGroup(int first, int last, long dropped, long values) {
        public double dropRate() {
            return values > 0 ? (double) dropped / values : Double.NaN;
        }

        String label() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }

    /** Value counts of input and output samples over the same bins; values outside [lo, hi] are counted apart. */
    record Histogram(double lo, double hi, long[] input, long[] output, long inputSampled, long outputSampled,
                     long inputOutside, long outputOutside) {
        double width() {
            return (hi - lo) / input.length;
        }

        double center(int bin) {
            return lo + (bin + 0.5) * width();
        }
    }

    /**
     * The report of one augmented column.
     *
     * @param channelCount    C from the shape, or -1 when it is inferred per row
     * @param channels        channel groups, empty when the channel count is inferred per row
     */
    public record ColumnReport(String column, String elementType, double droppedMarker, Moments input,
                        List<CopyStats> copies, int channelCount, List<ChannelGroup> channels, Histogram histogram) {
        /** All copies together. */
        Moments output() {
            return copies.stream().map(CopyStats::moments).reduce(new Moments(0, 0, 0, 0), Moments::plus);
        }

        public double dropRate() {
            long values = copies.stream().mapToLong(c -> c.moments().values()).sum();
            long dropped = copies.stream().mapToLong(CopyStats::dropped).sum();
            return values > 0 ? (double) dropped / values : Double.NaN;
        }
    }

    static List<ColumnReport> compute(Dataset<Row> input, Dataset<Row> output, AugmentSettings settings) {
        List<ColumnReport> reports = new ArrayList<>();
        AlphaDropoutCoefficients coefficients = AlphaDropoutCoefficients.of(settings.p());
        for (String column : settings.columns()) {
            reports.add(column(input, output, column, settings, coefficients));
        }
        return reports;
    }

    private static ColumnReport column(Dataset<Row> input, Dataset<Row> output, String column,
                                       AugmentSettings settings, AlphaDropoutCoefficients coefficients) {
        DataType type = output.schema().apply(column).dataType();
        boolean floats = type instanceof ArrayType a && a.elementType().equals(DataTypes.FloatType);
        String elementType = floats ? "float" : "double";
        double marker = settings.p() == 1.0 ? 0.0
                : floats ? coefficients.droppedValueF() : coefficients.droppedValue();
        String markerLiteral = floats ? "CAST(" + Double.toString(marker) + "D AS FLOAT)" : marker + "D";

        Dataset<Row> in = values(input, column, settings.shape(), null);
        Dataset<Row> out = values(output, column, settings.shape(), settings.copyColumn());

        Row inRow = in.agg(count(lit(1)), sum(expr("size(" + V + ")")), sum(rowSum()), sum(rowSumSquares()))
                .first();
        Moments inMoments = moments(inRow, 0);

        SampleShape shape = settings.shape();
        int[] dims = shape.dims();
        int channels = dims[0];
        List<int[]> groups = new ArrayList<>();
        if (channels > 0) {
            int g = Math.min(channels, MAX_CHANNEL_GROUPS);
            for (int i = 0; i < g; i++) {
                int first = (int) ((long) i * channels / g);
                int last = (int) ((long) (i + 1) * channels / g) - 1;
                groups.add(new int[] {first, last});
            }
        }
        List<Column> aggs = new ArrayList<>();
        aggs.add(sum(expr("size(" + V + ")")));
        aggs.add(sum(rowSum()));
        aggs.add(sum(rowSumSquares()));
        aggs.add(sum(expr("size(filter(" + V + ", x -> x = " + markerLiteral + "))")));
        for (int[] group : groups) {
            String perChannel = "(size(" + V + ") div " + channels + ")";
            String slice = "slice(" + V + ", " + group[0] + " * " + perChannel + " + 1, "
                    + (group[1] - group[0] + 1) + " * " + perChannel + ")";
            aggs.add(sum(expr("size(filter(" + slice + ", x -> x = " + markerLiteral + "))")));
            aggs.add(sum(expr("size(" + slice + ")")));
        }
        List<Row> byCopy = out.groupBy(COPY)
                .agg(count(lit(1)), aggs.toArray(new Column[0]))
                .orderBy(COPY)
                .collectAsList();
        long[] copySeeds = settings.copySeeds();
        List<CopyStats> copies = new ArrayList<>();
        long[] groupDropped = new long[groups.size()];
        long[] groupValues = new long[groups.size()];
        for (Row r : byCopy) {
            int copy = r.getInt(0);
            Moments m = moments(r, 1);
            copies.add(new CopyStats(copy, copy < copySeeds.length ? copySeeds[copy] : 0, m, longAt(r, 5)));
            for (int i = 0; i < groups.size(); i++) {
                groupDropped[i] += longAt(r, 6 + 2 * i);
                groupValues[i] += longAt(r, 7 + 2 * i);
            }
        }
        List<ChannelGroup> channelGroups = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            channelGroups.add(new ChannelGroup(groups.get(i)[0], groups.get(i)[1], groupDropped[i], groupValues[i]));
        }
        Histogram histogram = histogram(in, out, inMoments, copies);
        return new ColumnReport(column, elementType, marker, inMoments, copies, channels,
                channelGroups, histogram);
    }

    /**
     * The rows whose sample in {@code column} is valid, as the copy index {@link #COPY} (from {@code copyColumn},
     * unless null) and the values as array {@link #V}.
     */
    private static Dataset<Row> values(Dataset<Row> data, String column, SampleShape shape, String copyColumn) {
        DataType type = data.schema().apply(column).dataType();
        Column values = type.equals(SQLDataTypes.VectorType())
                ? org.apache.spark.ml.functions.vector_to_array(data.col(column), "float64")
                : data.col(column);
        List<Column> select = new ArrayList<>();
        if (copyColumn != null) {
            select.add(data.col(ColumnNames.quote(copyColumn)).as(COPY));
        }
        select.add(values.as(V));
        String fits = shape.hasInferredDimension()
                ? "size(" + V + ") % " + String.format(Locale.ROOT, "%d", knownProduct(shape)) + " = 0"
                : "size(" + V + ") = " + shape.fixedLength();
        return data.select(select.toArray(new Column[0]))
                .where(expr("size(" + V + ") > 0 AND " + fits + " AND NOT exists(" + V + ", x -> x IS NULL)"));
    }

    private static long knownProduct(SampleShape shape) {
        long product = 1;
        for (int d : shape.dims()) {
            if (d > 0) {
                product *= d;
            }
        }
        return product;
    }

    private static Column rowSum() {
        return expr("aggregate(" + V + ", 0D, (acc, x) -> acc + CAST(x AS DOUBLE))");
    }

    private static Column rowSumSquares() {
        return expr("aggregate(" + V + ", 0D, (acc, x) -> acc + CAST(x AS DOUBLE) * CAST(x AS DOUBLE))");
    }

    private static Moments moments(Row r, int at) {
        return new Moments(longAt(r, at), longAt(r, at + 1), doubleAt(r, at + 2), doubleAt(r, at + 3));
    }

    private static long longAt(Row r, int i) {
        return r.isNullAt(i) ? 0 : ((Number) r.get(i)).longValue();
    }

    private static double doubleAt(Row r, int i) {
        return r.isNullAt(i) ? 0 : ((Number) r.get(i)).doubleValue();
    }

    private static Histogram histogram(Dataset<Row> in, Dataset<Row> out, Moments inMoments,
                                       List<CopyStats> copies) {
        long outValues = copies.stream().mapToLong(c -> c.moments().values()).sum();
        Dataset<Row> inSample = explodedSample(in, inMoments.values());
        Dataset<Row> outSample = explodedSample(out, outValues);
        Row inRange = inSample.agg(min("x"), max("x"), count("x")).first();
        Row outRange = outSample.agg(min("x"), max("x"), count("x")).first();
        double lo = Math.min(doubleOr(inRange, 0, 0), doubleOr(outRange, 0, 0));
        double hi = Math.max(doubleOr(inRange, 1, 0), doubleOr(outRange, 1, 0));
        lo = Math.max(lo, -HISTOGRAM_LIMIT);
        hi = Math.min(hi, HISTOGRAM_LIMIT);
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        long[] inCounts = new long[HISTOGRAM_BINS];
        long[] outCounts = new long[HISTOGRAM_BINS];
        long inOutside = bin(inSample, lo, hi, inCounts);
        long outOutside = bin(outSample, lo, hi, outCounts);
        return new Histogram(lo, hi, inCounts, outCounts, inRange.getLong(2), outRange.getLong(2), inOutside,
                outOutside);
    }

    /** The finite values of a row sample holding about {@value #HISTOGRAM_VALUES} values, as column x. */
    private static Dataset<Row> explodedSample(Dataset<Row> data, long totalValues) {
        double fraction = totalValues <= HISTOGRAM_VALUES ? 1.0 : (double) HISTOGRAM_VALUES / totalValues;
        Dataset<Row> rows = fraction >= 1.0 ? data : data.sample(false, fraction, 20240607L);
        return rows.select(functions.explode(col(V)).as("x"))
                .select(col("x").cast(DataTypes.DoubleType).as("x"))
                .where(expr("NOT isnan(x)"));
    }

    private static long bin(Dataset<Row> sample, double lo, double hi, long[] counts) {
        int bins = counts.length;
        double width = (hi - lo) / bins;
        String binExpr = String.format(Locale.ROOT,
                "CASE WHEN x < %s OR x > %s THEN -1 ELSE least(%d, CAST(floor((x - %s) / %s) AS INT)) END",
                Double.toString(lo), Double.toString(hi), bins - 1, Double.toString(lo), Double.toString(width));
        long outside = 0;
        for (Row r : sample.groupBy(expr(binExpr).as("bin")).count().collectAsList()) {
            int b = r.getInt(0);
            if (b < 0) {
                outside += r.getLong(1);
            } else {
                counts[b] += r.getLong(1);
            }
        }
        return outside;
    }

    private static double doubleOr(Row r, int i, double fallback) {
        return r.isNullAt(i) ? fallback : r.getDouble(i);
    }
}
