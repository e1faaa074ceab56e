package io.github.alphadropout.job;

import io.github.alphadropout.job.augment.Augmentation;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * For the copies benchmark: the job's augmentation ({@link Augmentation#apply}, one scan) and the formulation it
 * replaced ({@link Augmentation#separateScans}, one scan per copy), on the same settings.
 */
public final class CopiesBenchAccess {

    private CopiesBenchAccess() {
    }

    /** {@code augment --column COLUMN --shape SHAPE --p P --copies K --seed 7} over {@code input}. */
    public static Dataset<Row> augment(Dataset<Row> input, String column, int[] shape, double p, int copies,
                                       boolean oneScan) {
        AugmentSettings s = new AugmentSettings("in", InputFormat.PARQUET, List.of(column), SampleShape.of(shape), p,
                DropoutMode.FEATURE, 7, null, copies, HandleInvalid.SKIP, "out", null);
        return oneScan ? Augmentation.apply(input, s) : Augmentation.separateScans(input, s);
    }
}
