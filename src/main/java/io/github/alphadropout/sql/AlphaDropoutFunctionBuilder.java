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
import org.apache.spark.sql.catalyst.analysis.UnresolvedSeed$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.plans.logical.FunctionSignature;
import org.apache.spark.sql.catalyst.plans.logical.InputParameter;
import org.apache.spark.sql.types.DataTypes;
import scala.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link AlphaDropoutExpression} from a SQL call, with Spark's own named-argument support:
 *
 * <pre>
 *   feature_alpha_dropout(input, p, shape [, seed] [, seed_col =&gt; c] [, handle_invalid =&gt; 'skip']
 *                         [, training =&gt; false] [, column_name =&gt; 'x'])
 *   alpha_dropout(input, p [, seed] [, ...the same named arguments])
 * </pre>
 *
 * Spark arranges the arguments by this signature (and reports unknown, repeated, missing or surplus arguments
 * with its own error classes); the expression checks their types and values at analysis. An omitted seed is
 * Spark's {@code UnresolvedSeed}, which the analyzer replaces with a random one, as for {@code rand()}.
 */
final class AlphaDropoutFunctionBuilder extends SqlFunctionBuilder {

    static final String FEATURE_ALPHA_DROPOUT = "feature_alpha_dropout";
    static final String ALPHA_DROPOUT = "alpha_dropout";
    static final String SEED_COL = "seed_col";
    static final String HANDLE_INVALID = "handle_invalid";
    static final String TRAINING = "training";
    static final String COLUMN_NAME = "column_name";

    /** Defaults that stand for "not given": compared by identity. */
    private static final Literal NO_SEED_COLUMN = Literal.create(null, DataTypes.NullType);
    private static final Literal NAME_OF_INPUT = Literal.create(null, DataTypes.StringType);

    private final DropoutMode mode;

    AlphaDropoutFunctionBuilder(DropoutMode mode) {
        this.mode = mode;
    }

    @Override
    String name() {
        return mode == DropoutMode.FEATURE ? FEATURE_ALPHA_DROPOUT : ALPHA_DROPOUT;
    }

    @Override
    public Option<FunctionSignature> functionSignature() {
        List<InputParameter> parameters = new ArrayList<>();
        parameters.add(required("input"));
        parameters.add(required("p"));
        if (mode == DropoutMode.FEATURE) {
            parameters.add(required("shape"));
        }
        parameters.add(optional("seed", UnresolvedSeed$.MODULE$));
        parameters.add(optional(SEED_COL, NO_SEED_COLUMN));
        parameters.add(optional(HANDLE_INVALID, Literal.create(HandleInvalid.ERROR.paramValue(),
                DataTypes.StringType)));
        parameters.add(optional(TRAINING, Literal.create(true, DataTypes.BooleanType)));
        parameters.add(optional(COLUMN_NAME, NAME_OF_INPUT));
        return Option.apply(new FunctionSignature(Scala.seq(parameters)));
    }

    private static InputParameter required(String name) {
        return new InputParameter(name, Option.empty());
    }

    private static InputParameter optional(String name, Expression defaultValue) {
        return new InputParameter(name, Option.apply(defaultValue));
    }

    /** The expression of arguments already arranged in the signature's order, defaults filled in. */
    @Override
    Expression build(List<Expression> args) {
        int i = 0;
        Expression input = args.get(i++);
        Expression p = args.get(i++);
        Expression shape = mode == DropoutMode.FEATURE ? args.get(i++) : AlphaDropoutExpression.NO_SHAPE;
        Expression seed = args.get(i++);
        Expression seedColumn = args.get(i++);
        Expression handleInvalid = args.get(i++);
        Expression training = args.get(i++);
        Expression columnName = args.get(i);
        boolean positional = seedColumn == NO_SEED_COLUMN;
        if (columnName == NAME_OF_INPUT) {
            columnName = Literal.create(ColumnNames.of(input), DataTypes.StringType);
        }
        return new AlphaDropoutExpression(mode, input, positional ? new RowPositionId() : seedColumn, p, shape,
                seed, handleInvalid, training, columnName, false,
                positional ? MicroBatches.current() : MicroBatches.NONE,
                positional ? null : ColumnNames.display(seedColumn));
    }
}
