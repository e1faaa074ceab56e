package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.QueryContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.errors.QueryCompilationErrors;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import scala.Function1;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Seq;
import scala.runtime.BoxedUnit;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Registers the SQL functions {@code feature_alpha_dropout} and {@code alpha_dropout}:
 *
 * <pre>
 *   spark.sql.extensions=io.github.alphadropout.sql.AlphaDropoutExtensions
 *
 *   SELECT feature_alpha_dropout(x, 0.2, array(16, 4, 32, 32), 42) AS x FROM samples
 *   SELECT alpha_dropout(x, 0.2, 42) AS x FROM samples
 * </pre>
 *
 * <ul>
 *   <li>{@code feature_alpha_dropout(col, p, shape [, seed])}: {@code shape} is an array of integers
 *       {@code (C, *spatial)}, one of which may be -1 (inferred from each row's length).</li>
 *   <li>{@code alpha_dropout(col, p [, seed])}.</li>
 * </ul>
 *
 * {@code col} is an {@code array<float>}, {@code array<double>} or Spark ML vector column; {@code p} (a number in
 * [0, 1]), {@code shape} and {@code seed} (an integer) must be constants. The result has the type of {@code col}.
 *
 * <p>{@code seed} is optional. Without it the function behaves like {@code rand()}: a random seed is drawn once
 * when the query is analysed, so every run of the statement draws new masks, while retries of its tasks still
 * reproduce them. Pass a seed to make the output reproducible (same seed, same partitioning: same output).
 *
 * <p>In a streaming query the micro-batch id is mixed into every row's seed, so each micro-batch gets new masks
 * and a micro-batch re-run from the checkpoint gets the same ones (see {@link AlphaDropoutExpression}). Pass a
 * seed there: without one, a query restarted from its checkpoint analyses the statement again and draws a new
 * seed, so a re-run micro-batch would not reproduce its masks.
 *
 * <p>Invalid samples (empty, with a null element, or not of the shape) fail the query; the error says how to
 * filter them. Wrong arguments fail analysis with an {@link AnalysisException} naming the function and the
 * argument.
 */
public final class AlphaDropoutExtensions implements Function1<SparkSessionExtensions, BoxedUnit> {

    public static final String FEATURE_ALPHA_DROPOUT = "feature_alpha_dropout";
    public static final String ALPHA_DROPOUT = "alpha_dropout";

    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectFunction(new Tuple3<>(new FunctionIdentifier(FEATURE_ALPHA_DROPOUT, Option.empty(),
                Option.empty()), featureInfo(), builder(AlphaDropoutExtensions::featureAlphaDropout)));
        extensions.injectFunction(new Tuple3<>(new FunctionIdentifier(ALPHA_DROPOUT, Option.empty(),
                Option.empty()), elementInfo(), builder(AlphaDropoutExtensions::alphaDropout)));
        return BoxedUnit.UNIT;
    }

    private interface Builder {
        Expression build(List<Expression> args);
    }

    private static Function1<Seq<Expression>, Expression> builder(Builder b) {
        return args -> b.build(scala.jdk.javaapi.CollectionConverters.asJava(args));
    }

    /** {@code feature_alpha_dropout(col, p, shape [, seed])}. */
    static Expression featureAlphaDropout(List<Expression> args) {
        String f = FEATURE_ALPHA_DROPOUT;
        if (args.size() != 3 && args.size() != 4) {
            throw sneaky(QueryCompilationErrors.wrongNumArgsError(f, AlphaDropoutExpression.seq(List.of(3, 4)),
                    args.size(), "", "", ""));
        }
        double p = probability(f, args.get(1));
        SampleShape shape = shape(f, args.get(2));
        long seed = args.size() == 4 ? seed(f, 4, args.get(3)) : randomSeed();
        return AlphaDropoutExpression.positional(args.get(0), DropoutSpec.feature(p, shape, seed));
    }

    /** {@code alpha_dropout(col, p [, seed])}. */
    static Expression alphaDropout(List<Expression> args) {
        String f = ALPHA_DROPOUT;
        if (args.size() != 2 && args.size() != 3) {
            throw sneaky(QueryCompilationErrors.wrongNumArgsError(f, AlphaDropoutExpression.seq(List.of(2, 3)),
                    args.size(), "", "", ""));
        }
        double p = probability(f, args.get(1));
        long seed = args.size() == 3 ? seed(f, 3, args.get(2)) : randomSeed();
        return AlphaDropoutExpression.positional(args.get(0), DropoutSpec.element(p, seed));
    }

    private static long randomSeed() {
        return ThreadLocalRandom.current().nextLong();
    }

    private static double probability(String f, Expression arg) {
        Object value = constant(f, 2, "p", arg, DataTypes.DoubleType);
        double p;
        if (value instanceof Number n && arg.dataType() instanceof NumericType) {
            p = n.doubleValue();
        } else if (value instanceof Decimal d) {
            p = d.toDouble();
        } else {
            throw error(f + ": argument 2 (p) must be a number in [0, 1], but got " + arg.sql() + " of type "
                    + arg.dataType().simpleString());
        }
        try {
            return AlphaDropoutCoefficients.checkProbability(p);
        } catch (IllegalArgumentException e) {
            throw error(f + ": argument 2 (p): " + e.getMessage());
        }
    }

    private static SampleShape shape(String f, Expression arg) {
        String usage = f + ": argument 3 (shape) must be an array of integers (C, *spatial) such as"
                + " array(16, 4, 32, 32), one of which may be -1";
        Object value = constant(f, 3, "shape", arg, DataTypes.createArrayType(DataTypes.IntegerType));
        if (!(arg.dataType() instanceof ArrayType a) || !isIntegral(a.elementType()) || value == null) {
            throw error(usage + ", but got " + arg.sql() + " of type " + arg.dataType().simpleString());
        }
        ArrayData array = (ArrayData) value;
        int[] dims = new int[array.numElements()];
        for (int i = 0; i < dims.length; i++) {
            if (array.isNullAt(i)) {
                throw error(usage + ", but element " + i + " of " + arg.sql() + " is null");
            }
            long d = a.elementType() instanceof LongType ? array.getLong(i)
                    : a.elementType() instanceof IntegerType ? array.getInt(i)
                    : a.elementType() instanceof ShortType ? array.getShort(i) : array.getByte(i);
            if (d != (int) d) {
                throw error(usage + ", but element " + i + " is " + d);
            }
            dims[i] = (int) d;
        }
        try {
            return SampleShape.of(dims);
        } catch (IllegalArgumentException e) {
            throw error(f + ": argument 3 (shape): " + e.getMessage());
        }
    }

    private static long seed(String f, int position, Expression arg) {
        Object value = constant(f, position, "seed", arg, DataTypes.LongType);
        if (!isIntegral(arg.dataType()) || value == null) {
            throw error(f + ": argument " + position + " (seed) must be an integer, but got " + arg.sql()
                    + " of type " + arg.dataType().simpleString());
        }
        return ((Number) value).longValue();
    }

    /** The value of a constant argument; fails analysis for a non-constant one. */
    private static Object constant(String f, int position, String name, Expression arg, DataType expected) {
        if (!arg.foldable()) {
            throw error(f + ": argument " + position + " (" + name + ") must be a constant ("
                    + expected.simpleString() + "), but got " + arg.sql()
                    + (name.equals("seed") ? "; to seed each row from a column use"
                    + " io.github.alphadropout.sql.AlphaDropoutFunctions.dropout(col, spec, seedCol)" : ""));
        }
        return arg.eval(null);
    }

    private static boolean isIntegral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType;
    }

    /** An {@link AnalysisException} with a free-form message (Java sees it as checked: thrown sneakily). */
    private static RuntimeException error(String message) {
        return sneaky(new AnalysisException(message, Option.empty(), Option.empty(), Option.empty(), Option.empty(),
                Map$.MODULE$.<String, String>empty(), new QueryContext[0]));
    }

    /** Throws {@code t} unchecked; declared to return so that callers can write {@code throw sneaky(t)}. */
    static RuntimeException sneaky(Throwable t) {
        AlphaDropoutExtensions.<RuntimeException>throwUnchecked(t);
        throw new AssertionError("unreachable");
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void throwUnchecked(Throwable t) throws E {
        throw (E) t;
    }

    private static ExpressionInfo featureInfo() {
        return new ExpressionInfo(AlphaDropoutExpression.class.getName(), null, FEATURE_ALPHA_DROPOUT,
                "_FUNC_(col, p, shape[, seed]) - Feature alpha dropout (PyTorch's FeatureAlphaDropout) of each row's"
                        + " sample of the given shape (C, *spatial), flattened channel-first: whole channels are"
                        + " dropped with probability p. col is array<float>, array<double> or an ML vector.",
                "\n    Arguments:\n"
                        + "      * col - array<float>, array<double> or vector\n"
                        + "      * p - drop probability in [0, 1] (constant)\n"
                        + "      * shape - array of integers (C, D, H, W) or any (C, ...); one may be -1 (constant)\n"
                        + "      * seed - integer seed (constant, optional; random per query when omitted)\n",
                "\n    Examples:\n"
                        + "      > SELECT _FUNC_(x, 0.2, array(16, 4, 32, 32), 42) FROM samples;\n",
                "", "", "", "", "");
    }

    private static ExpressionInfo elementInfo() {
        return new ExpressionInfo(AlphaDropoutExpression.class.getName(), null, ALPHA_DROPOUT,
                "_FUNC_(col, p[, seed]) - Alpha dropout (PyTorch's AlphaDropout) of each element of each row's"
                        + " sample with probability p. col is array<float>, array<double> or an ML vector.",
                "\n    Arguments:\n"
                        + "      * col - array<float>, array<double> or vector\n"
                        + "      * p - drop probability in [0, 1] (constant)\n"
                        + "      * seed - integer seed (constant, optional; random per query when omitted)\n",
                "\n    Examples:\n"
                        + "      > SELECT _FUNC_(x, 0.2, 42) FROM samples;\n",
                "", "", "", "", "");
    }
}
