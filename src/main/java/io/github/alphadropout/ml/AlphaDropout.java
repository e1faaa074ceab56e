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
public class AlphaDropout extends AlphaDropoutBase<AlphaDropout> {

    public AlphaDropout(String uid) {
        super(uid);
    }

    public AlphaDropout() {
        this(Identifiable$.MODULE$.randomUID("alphaDropout"));
    }

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
