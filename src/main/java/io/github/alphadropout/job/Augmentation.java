package io.github.alphadropout.job;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.ml.AlphaDropout;
import io.github.alphadropout.ml.FeatureAlphaDropout;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.lit;

/**
 * The augmentation itself: copy {@code k} is the Transformer ({@link FeatureAlphaDropout} or
 * {@link AlphaDropout}) with seed {@link Copies#seed(long, int)}, applied to the input with each tensor column
 * replaced in place, plus an int column {@code copy = k}; the copies are concatenated (union all). Every other
 * column passes through as it is.
 */
public final class Augmentation {

    private Augmentation() {
    }

    /** The K augmented copies of {@code input}, in one data set. */
    static Dataset<Row> apply(Dataset<Row> input, AugmentSettings s) {
        return apply(input, input, s);
    }

    /**
     * The K augmented copies, copy 0 made from {@code firstCopyInput} and the others from {@code input}: the same
     * rows, but {@code augment --stream} counts the input rows on copy 0's branch alone.
     */
    static Dataset<Row> apply(Dataset<Row> firstCopyInput, Dataset<Row> input, AugmentSettings s) {
        Dataset<Row> all = null;
        for (int k = 0; k < s.copies(); k++) {
            Dataset<Row> copy = transformer(s, Copies.seed(s.seed(), k)).transform(k == 0 ? firstCopyInput : input)
                    .withColumn(Copies.COPY_COLUMN, lit(k));
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
}
