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

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;

import java.io.Serializable;
import java.util.Objects;

/**
 * What dropout to apply to a column: the argument of {@link AlphaDropoutFunctions#dropout}, and what the
 * Transformers build from their params.
 *
 * @param mode          feature (per channel) or element
 * @param p             drop probability in [0, 1]
 * @param shape         the {@code (C, *spatial)} sample shape; required in feature mode, null in element mode
 * @param seed          base seed
 * @param training      false: identity
 * @param handleInvalid what to do with a sample that has null elements, is empty or does not fit the shape
 */
public record DropoutSpec(DropoutMode mode, double p, SampleShape shape, long seed, boolean training,
                          HandleInvalid handleInvalid) implements Serializable {

    public DropoutSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(handleInvalid, "handleInvalid");
        AlphaDropoutCoefficients.checkProbability(p);
        if (mode == DropoutMode.FEATURE && shape == null) {
            throw new IllegalArgumentException("feature alpha dropout needs the sample shape (C, D, H, W)");
        }
        if (mode == DropoutMode.ELEMENT && shape != null) {
            throw new IllegalArgumentException("element alpha dropout takes no shape, but got " + shape);
        }
    }

    /** Feature alpha dropout in training mode; invalid rows fail the query. */
    public static DropoutSpec feature(double p, SampleShape shape, long seed) {
        return new DropoutSpec(DropoutMode.FEATURE, p, shape, seed, true, HandleInvalid.ERROR);
    }

    /** Element alpha dropout in training mode; invalid rows fail the query. */
    public static DropoutSpec element(double p, long seed) {
        return new DropoutSpec(DropoutMode.ELEMENT, p, null, seed, true, HandleInvalid.ERROR);
    }

    public DropoutSpec withTraining(boolean value) {
        return new DropoutSpec(mode, p, shape, seed, value, handleInvalid);
    }

    public DropoutSpec withHandleInvalid(HandleInvalid value) {
        return new DropoutSpec(mode, p, shape, seed, training, value);
    }
}
