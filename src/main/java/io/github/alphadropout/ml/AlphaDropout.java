package io.github.alphadropout.ml;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;

/**
 * PyTorch's {@code AlphaDropout} as a Spark ML Transformer: every element of each row's sample is kept or
 * dropped on its own. Kept elements become {@code a*x + ALPHA*a*p}, dropped ones {@code -ALPHA*a*(1-p)}, bit for
 * bit as PyTorch computes them in float32.
 *
 * <pre>{@code
 * AlphaDropout dropout = new AlphaDropout().setInputCol("features").setOutputCol("noisy").setP(0.1);
 * }</pre>
 */
public class AlphaDropout extends AlphaDropoutBase {

    public AlphaDropout(String uid) {
        super(uid);
    }

    public AlphaDropout() {
        this(Identifiable$.MODULE$.randomUID("alphaDropout"));
    }

    public AlphaDropout setInputCol(String value) { return (AlphaDropout) set(inputCol(), value); }

    public AlphaDropout setInputCols(String[] value) { return (AlphaDropout) set(inputCols(), value); }

    public AlphaDropout setOutputCol(String value) { return (AlphaDropout) set(outputCol(), value); }

    public AlphaDropout setOutputCols(String[] value) { return (AlphaDropout) set(outputCols(), value); }

    public AlphaDropout setP(double value) { return (AlphaDropout) set(p(), value); }

    public AlphaDropout setSeed(long value) { return (AlphaDropout) set(seed(), value); }

    public AlphaDropout setHandleInvalid(String value) { return (AlphaDropout) set(handleInvalid(), value); }

    public AlphaDropout setTraining(boolean value) { return (AlphaDropout) set(training(), value); }

    public AlphaDropout setSeedCol(String value) { return (AlphaDropout) set(seedCol(), value); }

    @Override
    DropoutMode mode() {
        return DropoutMode.ELEMENT;
    }

    @Override
    SampleShape sampleShape() {
        return null;
    }

    @Override
    public AlphaDropout copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<AlphaDropout> read() {
        return new DefaultParamsReader<>();
    }

    public static AlphaDropout load(String path) {
        return read().load(path);
    }
}
