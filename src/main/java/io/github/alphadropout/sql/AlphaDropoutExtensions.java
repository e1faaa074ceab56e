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

package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.DropoutMode;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Option;
import scala.Tuple3;
import scala.runtime.BoxedUnit;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Registers the SQL functions {@code feature_alpha_dropout} and {@code alpha_dropout} in every SparkSession (and
 * every Spark Connect server) whose class path holds this jar: Spark finds this class through Java's ServiceLoader
 * ({@code META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider}), so {@code --packages} or
 * {@code --jars} is all it takes. Naming it in {@code spark.sql.extensions} as well, as older set-ups do, is
 * harmless: the functions are injected once per session's extensions.
 *
 * <pre>
 *   SELECT feature_alpha_dropout(x, 0.2, array(16, 4, 32, 32), 42) AS x FROM samples
 *   SELECT alpha_dropout(x, 0.2, 42) AS x FROM samples
 *   SELECT alpha_dropout(x, 0.2, 42, seed_col =&gt; id, handle_invalid =&gt; 'skip') AS x FROM samples
 * </pre>
 *
 * The arguments (see {@link AlphaDropoutFunctionBuilder}): {@code input} is an {@code array<float>},
 * {@code array<double>} or Spark ML vector column; {@code p} (a number in [0, 1]), {@code shape} (an array of
 * integers {@code (C, *spatial)}, one of which may be -1) and {@code seed} (an integer) must be constants. The
 * result has the input's type. Named arguments: {@code seed_col} (seed each row from this column's value instead
 * of its position), {@code handle_invalid} ({@code 'error'}, {@code 'skip'}: null, or {@code 'keep'}: the input
 * unchanged), {@code training} ({@code false}: identity) and {@code column_name} (the name the masks are keyed by;
 * default: the input column's name).
 *
 * <p>{@code seed} is optional. Without it the function behaves like {@code rand()}: a random seed is drawn once
 * when the query is analysed, so every run of the statement draws new masks, while retries of its tasks still
 * reproduce them. Pass a seed to make the output reproducible (same seed, same partitioning: same output), and in
 * streaming queries, which draw a new seed whenever they restart from their checkpoint.
 *
 * <p>Wrong arguments fail analysis with Spark's error classes ({@code DATATYPE_MISMATCH.NON_FOLDABLE_INPUT},
 * {@code UNEXPECTED_INPUT_TYPE}, {@code WRONG_NUM_ARGS}, {@code REQUIRED_PARAMETER_NOT_FOUND}...).
 */
public final class AlphaDropoutExtensions implements SparkSessionExtensionsProvider {

    public static final String FEATURE_ALPHA_DROPOUT = AlphaDropoutFunctionBuilder.FEATURE_ALPHA_DROPOUT;
    public static final String ALPHA_DROPOUT = AlphaDropoutFunctionBuilder.ALPHA_DROPOUT;

    /**
     * The extensions this class has injected into. Spark applies both {@code spark.sql.extensions} and the
     * ServiceLoader providers to one {@link SparkSessionExtensions} per session, each with a new instance of this
     * class; without this set both would inject, and the second registration would replace the first with a
     * warning. Weak, so that sessions' extensions are not kept alive.
     */
    private static final Set<SparkSessionExtensions> INJECTED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        if (!INJECTED.add(extensions)) {
            return BoxedUnit.UNIT;
        }
        register(extensions, new AlphaDropoutFunctionBuilder(DropoutMode.FEATURE), featureInfo());
        register(extensions, new AlphaDropoutFunctionBuilder(DropoutMode.ELEMENT), elementInfo());
        return BoxedUnit.UNIT;
    }

    private static void register(SparkSessionExtensions extensions, AlphaDropoutFunctionBuilder builder,
                                 ExpressionInfo info) {
        extensions.injectFunction(new Tuple3<>(new FunctionIdentifier(builder.name(), Option.empty(),
                Option.empty()), info, builder.registryBuilder()));
    }

    private static final String NAMED_ARGUMENTS =
            "      * seed_col - seed each row from this column's value instead of its position (named, optional)\n"
            + "      * handle_invalid - 'error' (default), 'skip' (null) or 'keep' (unchanged) for rows that are"
            + " empty, hold nulls or do not fit (named, optional)\n"
            + "      * training - false makes the function the identity (named, optional; default true)\n"
            + "      * column_name - the name the masks are keyed by (named, optional; default: the input's name)\n";

    private static ExpressionInfo featureInfo() {
        return new ExpressionInfo(AlphaDropoutExpression.class.getName(), null, FEATURE_ALPHA_DROPOUT,
                "_FUNC_(input, p, shape[, seed]) - Feature alpha dropout (PyTorch's FeatureAlphaDropout) of each"
                        + " row's sample of the given shape (C, *spatial), flattened channel-first: whole channels"
                        + " are dropped with probability p. input is array<float>, array<double> or an ML vector.",
                "\n    Arguments:\n"
                        + "      * input - array<float>, array<double> or vector\n"
                        + "      * p - drop probability in [0, 1] (constant)\n"
                        + "      * shape - array of integers (C, D, H, W) or any (C, ...); one may be -1 (constant)\n"
                        + "      * seed - integer seed (constant, optional; random per query when omitted)\n"
                        + NAMED_ARGUMENTS,
                "\n    Examples:\n"
                        + "      > SELECT _FUNC_(x, 0.2, array(16, 4, 32, 32), 42) FROM samples;\n"
                        + "      > SELECT _FUNC_(x, 0.2, array(16, 4, 32, 32), 42, seed_col => id) FROM samples;\n",
                "", "", "", "", "");
    }

    private static ExpressionInfo elementInfo() {
        return new ExpressionInfo(AlphaDropoutExpression.class.getName(), null, ALPHA_DROPOUT,
                "_FUNC_(input, p[, seed]) - Alpha dropout (PyTorch's AlphaDropout) of each element of each row's"
                        + " sample with probability p. input is array<float>, array<double> or an ML vector.",
                "\n    Arguments:\n"
                        + "      * input - array<float>, array<double> or vector\n"
                        + "      * p - drop probability in [0, 1] (constant)\n"
                        + "      * seed - integer seed (constant, optional; random per query when omitted)\n"
                        + NAMED_ARGUMENTS,
                "\n    Examples:\n"
                        + "      > SELECT _FUNC_(x, 0.2, 42) FROM samples;\n",
                "", "", "", "", "");
    }
}
