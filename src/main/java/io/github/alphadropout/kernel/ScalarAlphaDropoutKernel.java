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

/**
 * The reference implementation: plain Java, always available. Each output is {@code x * scale + shift} with
 * (scale, shift) = (a, ALPHA*a*p) when kept and (0, dropped value) when dropped; Java never fuses the multiply
 * and the add, so this is PyTorch's float32 order.
 */
final class ScalarAlphaDropoutKernel implements AlphaDropoutKernel {

    static final ScalarAlphaDropoutKernel INSTANCE = new ScalarAlphaDropoutKernel();

    private ScalarAlphaDropoutKernel() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void feature(float[] src, int srcPos, float[] dst, int dstPos, int length, int channels,
                        AlphaDropoutCoefficients k, long rowSeed) {
        int span = length / channels;
        for (int c = 0; c < channels; c++) {
            boolean keep = CounterRandom.keeps(rowSeed, c, k.keepThreshold());
            float scale = keep ? k.scaleF() : 0f;
            float shift = keep ? k.keptShiftF() : k.droppedValueF();
            int s = srcPos + c * span;
            int d = dstPos + c * span;
            for (int i = 0; i < span; i++) {
                dst[d + i] = src[s + i] * scale + shift;
            }
        }
    }

    @Override
    public void feature(double[] src, int srcPos, double[] dst, int dstPos, int length, int channels,
                        AlphaDropoutCoefficients k, long rowSeed) {
        int span = length / channels;
        for (int c = 0; c < channels; c++) {
            boolean keep = CounterRandom.keeps(rowSeed, c, k.keepThreshold());
            double scale = keep ? k.scale() : 0d;
            double shift = keep ? k.keptShift() : k.droppedValue();
            int s = srcPos + c * span;
            int d = dstPos + c * span;
            for (int i = 0; i < span; i++) {
                dst[d + i] = src[s + i] * scale + shift;
            }
        }
    }

    @Override
    public void element(float[] src, int srcPos, float[] dst, int dstPos, int length,
                        AlphaDropoutCoefficients k, long rowSeed) {
        elementRange(src, srcPos, dst, dstPos, 0, length, k, rowSeed);
    }

    @Override
    public void element(double[] src, int srcPos, double[] dst, int dstPos, int length,
                        AlphaDropoutCoefficients k, long rowSeed) {
        elementRange(src, srcPos, dst, dstPos, 0, length, k, rowSeed);
    }

    /** Elements {@code from..to-1} of the sample; the vector kernel uses it for its tail. */
    static void elementRange(float[] src, int srcPos, float[] dst, int dstPos, int from, int to,
                             AlphaDropoutCoefficients k, long rowSeed) {
        long threshold = k.keepThreshold();
        float keptScale = k.scaleF();
        float keptShift = k.keptShiftF();
        float dropped = k.droppedValueF();
        for (int j = from; j < to; j++) {
            boolean keep = CounterRandom.keeps(rowSeed, j, threshold);
            dst[dstPos + j] = src[srcPos + j] * (keep ? keptScale : 0f) + (keep ? keptShift : dropped);
        }
    }

    static void elementRange(double[] src, int srcPos, double[] dst, int dstPos, int from, int to,
                             AlphaDropoutCoefficients k, long rowSeed) {
        long threshold = k.keepThreshold();
        double keptScale = k.scale();
        double keptShift = k.keptShift();
        double dropped = k.droppedValue();
        for (int j = from; j < to; j++) {
            boolean keep = CounterRandom.keeps(rowSeed, j, threshold);
            dst[dstPos + j] = src[srcPos + j] * (keep ? keptScale : 0d) + (keep ? keptShift : dropped);
        }
    }
}
