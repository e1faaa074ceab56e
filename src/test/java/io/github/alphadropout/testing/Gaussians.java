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

package io.github.alphadropout.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** N(0, 1) test data, reproducible from a seed (SplittableRandom has no nextGaussian on Java 17). */
public final class Gaussians {

    private Gaussians() {
    }

    /** One N(0, 1) value, by Box-Muller. */
    public static double next(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** {@code rows} samples of {@code n} N(0, 1) floats. */
    public static List<float[]> floats(int rows, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[] sample = new float[n];
            for (int i = 0; i < n; i++) {
                sample[i] = (float) next(random);
            }
            out.add(sample);
        }
        return out;
    }

    /** {@code rows} samples of {@code n} N(0, 1) doubles. */
    public static List<double[]> doubles(int rows, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            double[] sample = new double[n];
            for (int i = 0; i < n; i++) {
                sample[i] = next(random);
            }
            out.add(sample);
        }
        return out;
    }
}
