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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels against golden data from real PyTorch ({@code scripts/pytorch_golden.py}, see
 * {@link GoldenFixtures}): for float32 and float64, feature and element mode, and p in {0.1, 0.2, 0.5, 0.8, 1},
 * every element of a sample holding NaNs (with payloads, and a signalling one), +-Inf, +-0.0, subnormals,
 * MIN_NORMAL, MAX_VALUE and values that overflow once scaled must come out with exactly PyTorch's bits: its kept
 * value where our mask keeps the element, its dropped value where it drops it.
 *
 * <p>Runs on the scalar kernel and, when this JVM can load it, the Vector API kernel (the build also runs the
 * kernel tests without {@code jdk.incubator.vector}, where only the scalar one exists). The sample's channels are
 * 19 elements long, so vector kernels run both their vector loop and their scalar tail. Each of the
 * {@value #ROWS} rows has its own row seed; the row is written to a fresh array, at an offset inside a larger
 * array, or in place, in turn.
 */
class PyTorchGoldenKernelTest {

    static final int ROWS = 128;
    private static final long SEED_BASE = 0x5EED_601D_E11AL;

    static Stream<Arguments> cases() {
        GoldenFixtures golden = GoldenFixtures.load();
        List<Arguments> out = new ArrayList<>();
        List<AlphaDropoutKernel> kernels = new ArrayList<>();
        kernels.add(AlphaDropoutKernels.scalar());
        AlphaDropoutKernels.vector().ifPresent(kernels::add);
        for (AlphaDropoutKernel kernel : kernels) {
            for (GoldenFixtures.Case c : golden.cases()) {
                out.add(Arguments.of(kernel.name(), c, kernel));
            }
        }
        return out.stream();
    }

    @Test
    void fixtureIsCompleteAndNamesItsPyTorch() {
        GoldenFixtures golden = GoldenFixtures.load();
        GoldenFixtures.assertComplete(golden);
        assertNotNull(golden.header("python"));
        assertEquals(4, golden.channels());
        for (GoldenFixtures.Case c : golden.cases()) {
            assertEquals(golden.channels() * golden.length(), c.size(), c.toString());
        }
    }

    /**
     * The fixture was made on x86-64; there the only platform adjustment of the check (a default NaN from
     * {@code +-Inf * 0}, see {@link GoldenFixtures.Check}) must change nothing, and the fixture must really hold
     * such NaNs, as PyTorch made them.
     */
    @Test
    void defaultNanAdjustmentIsTheIdentityOnX86() {
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            assertEquals(GoldenFixtures.X86_DEFAULT_NAN_FLOAT_BITS, GoldenFixtures.DEFAULT_NAN_FLOAT_BITS);
            assertEquals(GoldenFixtures.X86_DEFAULT_NAN_DOUBLE_BITS, GoldenFixtures.DEFAULT_NAN_DOUBLE_BITS);
        }
        for (GoldenFixtures.Case c : GoldenFixtures.load().cases()) {
            long nan = c.dtype() == GoldenFixtures.DType.FLOAT32 ? GoldenFixtures.X86_DEFAULT_NAN_FLOAT_BITS
                    : GoldenFixtures.X86_DEFAULT_NAN_DOUBLE_BITS;
            long infinity = c.dtype() == GoldenFixtures.DType.FLOAT32 ? 0x7f800000L : 0x7ff0000000000000L;
            boolean found = false;
            for (int i = 0; i < c.size(); i++) {
                found |= c.inputBits(i) == infinity && c.droppedBits(i) == nan;
            }
            assertTrue(found, c + ": +Inf dropped should be the x86 default NaN in the fixture");
        }
    }

    /** The build's vector run must really test the vector kernel (the flag is set by the Maven Surefire config). */
    @Test
    void vectorKernelIsTestedWhereTheBuildExpectsIt() {
        Optional<AlphaDropoutKernel> vector = AlphaDropoutKernels.vector();
        if (Boolean.getBoolean("alphadropout.expectVectorKernel")) {
            assertTrue(vector.isPresent(), "the vector kernel should be loadable in this JVM");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void kernelMatchesPyTorchBitForBit(String kernelName, GoldenFixtures.Case golden, AlphaDropoutKernel kernel) {
        GoldenFixtures fixtures = GoldenFixtures.load();
        AlphaDropoutOp op = (golden.mode() == DropoutMode.FEATURE
                ? AlphaDropoutOp.feature(golden.p(), SampleShape.of(fixtures.shape()))
                : AlphaDropoutOp.element(golden.p())).withKernel(kernel);
        GoldenFixtures.Check check = fixtures.check(golden, "kernel " + kernelName);
        int n = golden.size();
        for (int r = 0; r < ROWS; r++) {
            long rowSeed = SEED_BASE + 0x9E3779B97F4A7C15L * r;
            if (golden.dtype() == GoldenFixtures.DType.FLOAT32) {
                float[] zeroRun = op.apply(new float[n], rowSeed);
                float[] out = applyInLayout(op, golden.floatInput(), rowSeed, r % 3);
                check.row(out, zeroRun);
                assertMaskIsTheOpsOwn(op, golden, zeroRun.length, rowSeed, signs(zeroRun));
            } else {
                double[] zeroRun = op.apply(new double[n], rowSeed);
                double[] out = applyInLayout(op, golden.doubleInput(), rowSeed, r % 3);
                check.row(out, zeroRun);
                assertMaskIsTheOpsOwn(op, golden, zeroRun.length, rowSeed, signs(zeroRun));
            }
        }
        check.verify();
    }

    /** Layout 0: a fresh array; 1: src at offset 3, dst at offset 5 of larger arrays; 2: in place. */
    private static float[] applyInLayout(AlphaDropoutOp op, float[] sample, long rowSeed, int layout) {
        int n = sample.length;
        switch (layout) {
            case 0:
                return op.apply(sample, rowSeed);
            case 1: {
                float[] src = new float[n + 7];
                float[] dst = new float[n + 9];
                System.arraycopy(sample, 0, src, 3, n);
                op.apply(src, 3, dst, 5, n, rowSeed);
                float[] out = new float[n];
                System.arraycopy(dst, 5, out, 0, n);
                return out;
            }
            default: {
                float[] inPlace = sample.clone();
                op.apply(inPlace, 0, inPlace, 0, n, rowSeed);
                return inPlace;
            }
        }
    }

    private static double[] applyInLayout(AlphaDropoutOp op, double[] sample, long rowSeed, int layout) {
        int n = sample.length;
        switch (layout) {
            case 0:
                return op.apply(sample, rowSeed);
            case 1: {
                double[] src = new double[n + 7];
                double[] dst = new double[n + 9];
                System.arraycopy(sample, 0, src, 3, n);
                op.apply(src, 3, dst, 5, n, rowSeed);
                double[] out = new double[n];
                System.arraycopy(dst, 5, out, 0, n);
                return out;
            }
            default: {
                double[] inPlace = sample.clone();
                op.apply(inPlace, 0, inPlace, 0, n, rowSeed);
                return inPlace;
            }
        }
    }

    private static boolean[] signs(float[] zeroRun) {
        boolean[] kept = new boolean[zeroRun.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = zeroRun[i] > 0;
        }
        return kept;
    }

    private static boolean[] signs(double[] zeroRun) {
        boolean[] kept = new boolean[zeroRun.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = zeroRun[i] > 0;
        }
        return kept;
    }

    /** The mask read from the zero run is the one {@link AlphaDropoutOp#keepMask} publishes (0 < p < 1). */
    private static void assertMaskIsTheOpsOwn(AlphaDropoutOp op, GoldenFixtures.Case golden, int n, long rowSeed,
                                              boolean[] fromZeroRun) {
        if (golden.p() >= 1) {
            return;
        }
        boolean[] decisions = op.keepMask(n, rowSeed);
        boolean[] perElement = new boolean[n];
        int span = n / decisions.length;
        for (int i = 0; i < n; i++) {
            perElement[i] = decisions[i / span];
        }
        assertArrayEquals(perElement, fromZeroRun, golden + ": keepMask vs the zero run, row seed " + rowSeed);
    }
}
