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

package io.github.alphadropout.ml;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;

/**
 * PyTorch's {@code FeatureAlphaDropout} as a Spark ML Transformer: each row holds one sample of shape
 * {@code (C, D, H, W)} (any {@code (C, *spatial)}), flattened channel-first, and whole channels are dropped.
 * Kept elements become {@code a*x + ALPHA*a*p}, dropped channels {@code -ALPHA*a*(1-p)}, bit for bit as PyTorch
 * computes them in float32.
 *
 * <p>Unlike PyTorch, which treats an unbatched 4-D input as {@code N=C, C=D} (pytorch/pytorch#69960), a row is
 * always one sample with one decision per channel: N rows behave like PyTorch on the stacked {@code (N, C, D,
 * H, W)} batch.
 *
 * <pre>{@code
 * FeatureAlphaDropout dropout = new FeatureAlphaDropout()
 *     .setInputCol("sample").setOutputCol("augmented")
 *     .setShape(new int[] {16, 4, 32, 32}).setP(0.2).setSeed(42L);
 * Dataset<Row> out = dropout.transform(df);
 * }</pre>
 */
public class FeatureAlphaDropout extends AlphaDropoutBase<FeatureAlphaDropout> {

    private final IntArrayParam shape;

    public FeatureAlphaDropout(String uid) {
        super(uid);
        shape = new IntArrayParam(this, "shape", "sample shape (C, D, H, W) or any (C, ...), channel-first;"
                + " one dimension may be -1 to infer it from each row's length",
                validator(FeatureAlphaDropout::isShape));
    }

    public FeatureAlphaDropout() {
        this(Identifiable$.MODULE$.randomUID("featureAlphaDropout"));
    }

    public IntArrayParam shape() { return shape; }

    public int[] getShape() { return $(shape); }

    /** @throws IllegalArgumentException for a shape that is not a shape (see {@link SampleShape#of}) */
    public FeatureAlphaDropout setShape(int[] value) {
        SampleShape.of(value);
        return setParam(shape, value);
    }

    private static boolean isShape(int[] dims) {
        try {
            SampleShape.of(dims);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    DropoutMode mode() {
        return DropoutMode.FEATURE;
    }

    @Override
    SampleShape sampleShape() {
        return isDefined(shape) ? SampleShape.of(getShape()) : null;
    }

    @Override
    public FeatureAlphaDropout copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<FeatureAlphaDropout> read() {
        return new DefaultParamsReader<>();
    }

    public static FeatureAlphaDropout load(String path) {
        return read().load(path);
    }
}
