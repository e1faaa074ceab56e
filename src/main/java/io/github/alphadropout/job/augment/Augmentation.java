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

package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.CopySeeds;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.ml.AlphaDropout;
import io.github.alphadropout.ml.FeatureAlphaDropout;
import io.github.alphadropout.sql.AlphaDropoutFunctions;
import io.github.alphadropout.sql.ColumnNames;
import io.github.alphadropout.sql.CopyColumns;
import io.github.alphadropout.sql.DropoutSpec;
import io.github.alphadropout.sql.HandleInvalid;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.apache.spark.sql.functions.lit;

/**
 * The augmentation itself. Copy {@code k} of every row is what the Transformer ({@link FeatureAlphaDropout} or
 * {@link AlphaDropout}) with seed {@link CopySeeds#seed(long, int)} makes of it, each tensor column replaced in place,
 * plus an int column {@code copy = k} (named by {@link AugmentSettings#copyColumn}); every other column passes
 * through as it is.
 *
 * <p>The input is read once, whatever the number of copies ({@link #apply}):
 * <pre>
 *   scan -&gt; project(*, row_position_id() AS pos)         each input row's position, taken once (position seeds)
 *        -&gt; generate(explode(copy_indices(K)) AS copy)   the K copies of the row, handed on one at a time
 *        -&gt; project(*, CASE WHEN copy = 0 THEN dropout(x, seed(S, 0), pos) WHEN copy = 1 ... END AS x)
 * </pre>
 * With position seeds, every copy of a row takes the position of its input row ({@code RowPositionOf}), so copy
 * {@code k} gets exactly the masks the Transformer with seed {@code seed(S, k)} gives that row when it scans the
 * input itself; with {@code --seed-column} the key decides, as in the Transformer. {@code CASE} evaluates only the
 * branch of the row's copy. The projections run in whole-stage generated code; the generate runs as an iterator
 * ({@code CopyIndices} says why), so a task holds one output sample at a time, not K. Under
 * {@code --handle-invalid skip}, as in the Transformer, the results go to temporary columns, then one filter drops
 * the copies whose result is null while their input is not, and one projection puts them in place.
 *
 * <p>{@link #separateScans} is the formulation this replaced (a union of K Transformer applications, which reads
 * the input K times); the tests and the benchmark compare against it.
 */
public final class Augmentation {

    /** Internal column names start with this (made unique against the input's columns). */
    static final String INTERNAL_PREFIX = "__alpha_dropout_";

    private Augmentation() {
    }

    /** The K augmented copies of {@code input}, in one data set, from one scan of it. */
    public static Dataset<Row> apply(Dataset<Row> input, AugmentSettings s) {
        return apply(input, s, null);
    }

    /**
     * As {@link #apply(Dataset, AugmentSettings)}; under {@code --handle-invalid skip}, {@code skipped} (null: not
     * counted) counts the copies the filter drops as invalid, when the rows are written, so that what was skipped is
     * counted, not inferred from what is missing.
     */
    public static Dataset<Row> apply(Dataset<Row> input, AugmentSettings s, LongAccumulator skipped) {
        String[] fields = input.schema().fieldNames();
        Set<String> taken = new HashSet<>();
        for (String f : fields) {
            taken.add(f.toLowerCase(Locale.ROOT));
        }
        String position = unique(INTERNAL_PREFIX + "position", taken);
        String copy = unique(INTERNAL_PREFIX + "copy", taken);

        Dataset<Row> rows = input;
        List<Column> carried = columns(rows, fields);
        if (s.seedColumn() == null) {
            // Taken once per input row, before the copies are made, so that every copy of a row has its position.
            List<Column> withPosition = new ArrayList<>(carried);
            withPosition.add(CopyColumns.rowPositionId().as(position));
            rows = rows.select(withPosition.toArray(new Column[0]));
        }
        Column copyIndex = s.copies() == 1 ? lit(0) : functions.explode(CopyColumns.copyIndices(s.copies()));
        List<Column> withCopy = new ArrayList<>(columns(rows, rows.schema().fieldNames()));
        withCopy.add(copyIndex.as(copy));
        rows = rows.select(withCopy.toArray(new Column[0]));

        List<String> in = s.columns();
        Column copyColumn = rows.col(copy);
        Column[] results = new Column[in.size()];
        for (int i = 0; i < in.size(); i++) {
            Column result = null;
            for (int k = s.copies() - 1; k >= 0; k--) {
                Column dropout = dropout(rows, s, in.get(i), position, CopySeeds.seed(s.seed(), k));
                result = result == null ? dropout : functions.when(copyColumn.equalTo(k), dropout).otherwise(result);
            }
            results[i] = result;
        }
        if (s.handleInvalid() != HandleInvalid.SKIP) {
            return rows.select(projection(rows, fields, in, results, copy, s.copyColumn()));
        }
        // As the Transformer does it: results to temporary columns, so that a copy can be dropped when its input is
        // non-null but its result is null; then one filter and one final projection.
        List<Column> withTemporary = new ArrayList<>(columns(rows, fields));
        withTemporary.add(copyColumn);
        Column[] temporary = new Column[in.size()];
        for (int i = 0; i < in.size(); i++) {
            String name = unique(INTERNAL_PREFIX + "dropout_" + i, taken);
            withTemporary.add(results[i].as(name));
            temporary[i] = functions.col(ColumnNames.quote(name));
        }
        Dataset<Row> withResults = rows.select(withTemporary.toArray(new Column[0]));
        Column valid = null;
        for (int i = 0; i < in.size(); i++) {
            Column ok = temporary[i].isNotNull().or(withResults.col(ColumnNames.quote(in.get(i))).isNull());
            valid = valid == null ? ok : valid.and(ok);
        }
        Dataset<Row> kept = withResults.filter(skipped == null ? valid : counting(skipped).apply(valid));
        return kept.select(projection(kept, fields, in, temporary, copy, s.copyColumn()));
    }

    /** The filter's condition as it is, counting each row it drops in {@code skipped}. */
    private static UserDefinedFunction counting(LongAccumulator skipped) {
        return functions.udf((UDF1<Boolean, Boolean>) keep -> {
            if (!Boolean.TRUE.equals(keep)) {
                skipped.add(1);
            }
            return keep;
        }, DataTypes.BooleanType).asNondeterministic();
    }

    /**
     * The K copies as a union of one single-copy {@link #apply} per copy (each scans the input: no row buffer holds
     * a second sample), counting skipped copies in {@code skipped}; the same rows as {@link #separateScans}.
     */
    static Dataset<Row> scanPerCopy(Dataset<Row> input, AugmentSettings s, LongAccumulator skipped) {
        Dataset<Row> all = null;
        for (int k = 0; k < s.copies(); k++) {
            AugmentSettings one = new AugmentSettings(s.input(), s.format(), s.columns(), s.shape(), s.p(), s.mode(),
                    CopySeeds.seed(s.seed(), k), s.seedColumn(), 1, s.handleInvalid(), s.output(), s.verifyChecksums(),
                    s.outputFormat(), s.copyColumn());
            Dataset<Row> copy = apply(input, one, skipped).withColumn(s.copyColumn(), lit(k));
            all = all == null ? copy : all.union(copy);
        }
        return all;
    }

    /** Dropout of one column with one copy's seed, as the Transformer with that seed builds it. */
    private static Column dropout(Dataset<Row> rows, AugmentSettings s, String column, String position, long seed) {
        DropoutSpec spec = new DropoutSpec(s.mode(), s.p(), s.mode() == DropoutMode.FEATURE ? s.shape() : null,
                seed, true, s.handleInvalid());
        Column input = rows.col(ColumnNames.quote(column));
        return s.seedColumn() == null
                ? CopyColumns.dropoutAtPosition(input, column, spec, rows.col(ColumnNames.quote(position)))
                : AlphaDropoutFunctions.dropout(input, column, spec, rows.col(s.seedColumn()));
    }

    /** The input's fields in order, each augmented column replaced by its result, then the copy index. */
    private static Column[] projection(Dataset<Row> rows, String[] fields, List<String> in, Column[] results,
                                       String copy, String copyColumn) {
        List<Column> out = new ArrayList<>();
        for (String field : fields) {
            int i = in.indexOf(field);
            out.add(i >= 0 ? results[i].as(field) : rows.col(ColumnNames.quote(field)));
        }
        out.add(rows.col(ColumnNames.quote(copy)).as(copyColumn));
        return out.toArray(new Column[0]);
    }

    private static List<Column> columns(Dataset<Row> rows, String[] names) {
        return new ArrayList<>(Arrays.stream(names).map(n -> rows.col(ColumnNames.quote(n))).toList());
    }

    /** {@code base}, or {@code base_2}, {@code base_3}... : the first that no input column has (any case). */
    private static String unique(String base, Set<String> taken) {
        String name = base;
        for (int n = 2; taken.contains(name.toLowerCase(Locale.ROOT)); n++) {
            name = base + "_" + n;
        }
        taken.add(name.toLowerCase(Locale.ROOT));
        return name;
    }

    /**
     * The formulation {@link #apply} replaced, kept as the reference it must equal bit for bit: a union of K
     * Transformer applications, copy {@code k} with seed {@code seed(S, k)}, each scanning the input itself (the
     * input is read K times).
     */
    public static Dataset<Row> separateScans(Dataset<Row> input, AugmentSettings s) {
        Dataset<Row> all = null;
        for (int k = 0; k < s.copies(); k++) {
            Dataset<Row> copy = transformer(s, CopySeeds.seed(s.seed(), k)).transform(input)
                    .withColumn(s.copyColumn(), lit(k));
            all = all == null ? copy : all.union(copy);
        }
        return all;
    }

    /** The Transformer for one copy: every tensor column replaced by its dropped-out self. */
    static Transformer transformer(AugmentSettings s, long seed) {
        String[] columns = s.columns().toArray(new String[0]);
        String invalid = s.handleInvalid().paramValue();
        if (s.mode() == DropoutMode.FEATURE) {
            FeatureAlphaDropout t = new FeatureAlphaDropout()
                    .setInputCols(columns).setOutputCols(columns)
                    .setShape(s.shape().dims()).setP(s.p()).setSeed(seed).setHandleInvalid(invalid);
            return s.seedColumn() == null ? t : t.setSeedCol(s.seedColumn());
        }
        AlphaDropout t = new AlphaDropout()
                .setInputCols(columns).setOutputCols(columns)
                .setP(s.p()).setSeed(seed).setHandleInvalid(invalid);
        return s.seedColumn() == null ? t : t.setSeedCol(s.seedColumn());
    }

    /**
     * The plan of the K copies of {@code input}: one scan ({@link #apply}), or for large samples
     * ({@link LargeSampleSettings#large}) one scan a copy, which holds less of each row in memory.
     */
    static Dataset<Row> plan(Dataset<Row> input, AugmentSettings s, long sampleBytes) {
        return LargeSampleSettings.large(sampleBytes) && s.copies() > 1
                ? separateScans(input, s) : apply(input, s);
    }

    /** As above, counting the copies skipped as invalid in {@code skipped} (one scan a copy counts them too). */
    static Dataset<Row> plan(Dataset<Row> input, AugmentSettings s, long sampleBytes, LongAccumulator skipped) {
        return LargeSampleSettings.large(sampleBytes) && s.copies() > 1
                ? scanPerCopy(input, s, skipped) : apply(input, s, skipped);
    }
}
