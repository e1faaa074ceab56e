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

package io.github.alphadropout.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch's own statistical test, ported ({@code test/nn/test_dropout.py}, {@code _test_alpha_dropout},
 * {@code test_AlphaDropout}, {@code test_FeatureAlphaDropout}): for p in {0.2, 0.5, 0.8},
 * |mean(out) - mean(in)| &lt; 0.1 and |std(out) - std(in)| &lt; 0.1 (unbiased std, as torch.std), on 5000 N(0,1)
 * elements and on 1000 samples of a random (b, d, w, h) shape with b, w, h in 1..5 and d in 1..2.
 * Inputs come from fixed java.util.Random seeds, so every run checks the same numbers.
 */
class SelfNormalizingStatisticsTest {

    private static final double[] PROBABILITIES = {0.2, 0.5, 0.8};
    private static final long SEED = 20240229L;

    static Stream<Arguments> elementCases() {
        List<Arguments> out = new ArrayList<>();
        for (AlphaDropoutKernel kernel : KernelTestSupport.availableKernels()) {
            for (double p : PROBABILITIES) {
                for (long inputSeed = 1; inputSeed <= 3; inputSeed++) {
                    out.add(Arguments.of(kernel.name(), p, inputSeed, kernel));
                }
            }
        }
        return out.stream();
    }

    /** Shapes drawn as PyTorch draws them (random.randint bounds), from a fixed seed. */
    static Stream<Arguments> featureCases() {
        List<Arguments> out = new ArrayList<>();
        Random shapes = new Random(69960);
        List<int[]> drawn = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int b = 1 + shapes.nextInt(5);
            int w = 1 + shapes.nextInt(5);
            int h = 1 + shapes.nextInt(5);
            int d = 1 + shapes.nextInt(2);
            drawn.add(new int[] {b, d, w, h});
        }
        drawn.add(new int[] {1, 1, 1, 1}); // the smallest shape PyTorch can draw
        drawn.add(new int[] {5, 2, 5, 5}); // the largest
        for (AlphaDropoutKernel kernel : KernelTestSupport.availableKernels()) {
            for (double p : PROBABILITIES) {
                for (int[] shape : drawn) {
                    out.add(Arguments.of(kernel.name(), p, shape, kernel));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} AlphaDropout p={1} input seed {2}")
    @MethodSource("elementCases")
    void alphaDropoutKeepsMeanAndStdOfFiveThousandNormals(String name, double p, long inputSeed,
                                                          AlphaDropoutKernel kernel) {
        Random random = new Random(inputSeed);
        float[] x = new float[5000];
        double[] xd = new double[5000];
        for (int i = 0; i < x.length; i++) {
            xd[i] = random.nextGaussian();
            x[i] = (float) xd[i];
        }
        AlphaDropoutOp op = AlphaDropoutOp.element(p).withKernel(kernel);
        long rowSeed = RowSeeds.rowSeed(SEED, "x", 0, inputSeed);
        assertMomentsClose(moments(x), moments(op.apply(x, rowSeed)), "float");
        assertMomentsClose(moments(xd), moments(op.apply(xd, rowSeed)), "double");
    }

    @ParameterizedTest(name = "{0} FeatureAlphaDropout p={1} shape {2}")
    @MethodSource("featureCases")
    void featureAlphaDropoutKeepsMeanAndStdOfAThousandSamples(String name, double p, int[] shape,
                                                              AlphaDropoutKernel kernel) {
        SampleShape sampleShape = SampleShape.of(shape);
        int length = sampleShape.fixedLength();
        int rows = 1000;
        Random random = new Random(SEED ^ length);
        float[] in = new float[rows * length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextGaussian();
        }
        double[] inD = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            inD[i] = in[i];
        }
        float[] out = new float[in.length];
        double[] outD = new double[in.length];
        AlphaDropoutOp op = AlphaDropoutOp.feature(p, sampleShape).withKernel(kernel);
        for (int row = 0; row < rows; row++) {
            long rowSeed = RowSeeds.rowSeed(SEED, "x", 0, row); // each row its own seed, like Spark rows
            op.apply(in, row * length, out, row * length, length, rowSeed);
            op.apply(inD, row * length, outD, row * length, length, rowSeed);
        }
        assertMomentsClose(moments(in), moments(out), "float");
        assertMomentsClose(moments(inD), moments(outD), "double");
    }

    /** {mean, unbiased std}, accumulated in double. */
    private static double[] moments(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
        }
        return moments(d);
    }

    private static double[] moments(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(squares / (values.length - 1))};
    }

    private static void assertMomentsClose(double[] in, double[] out, String what) {
        assertTrue(Math.abs(out[0] - in[0]) < 0.1,
                what + ": |mean(out) - mean(in)| = |" + out[0] + " - " + in[0] + "| is not below 0.1");
        assertTrue(Math.abs(out[1] - in[1]) < 0.1,
                what + ": |std(out) - std(in)| = |" + out[1] + " - " + in[1] + "| is not below 0.1");
    }
}
