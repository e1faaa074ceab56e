package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;

import java.io.Serializable;
import java.util.Objects;

/**
 * Everything the dropout expression needs besides its input: the contract between the Column/SQL functions and
 * the Transformers.
 *
 * @param mode          feature (per channel) or element
 * @param p             drop probability in [0, 1]
 * @param shape         the {@code (C, *spatial)} sample shape; required in feature mode, null in element mode
 * @param seed          base seed
 * @param columnIndex   index of this input among the Transformer's input columns (0 for a single column); two
 *                      columns of one row get independent masks
 * @param training      false: identity
 * @param handleInvalid what to do with a sample that has null elements, is empty or does not fit the shape
 */
public record DropoutSpec(DropoutMode mode, double p, SampleShape shape, long seed, int columnIndex,
                          boolean training, HandleInvalid handleInvalid) implements Serializable {

    public DropoutSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(handleInvalid, "handleInvalid");
        AlphaDropoutCoefficients.checkProbability(p);
        if (mode == DropoutMode.FEATURE && shape == null) {
            throw new IllegalArgumentException("feature alpha dropout needs the sample shape (C, D, H, W)");
        }
        if (columnIndex < 0) {
            throw new IllegalArgumentException("columnIndex must be >= 0, but got " + columnIndex);
        }
    }

    public static DropoutSpec feature(double p, SampleShape shape, long seed) {
        return new DropoutSpec(DropoutMode.FEATURE, p, shape, seed, 0, true, HandleInvalid.ERROR);
    }

    public static DropoutSpec element(double p, long seed) {
        return new DropoutSpec(DropoutMode.ELEMENT, p, null, seed, 0, true, HandleInvalid.ERROR);
    }
}
