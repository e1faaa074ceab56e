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

package io.github.alphadropout.bench;

import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The peers of the kernel benchmark, on Deeplearning4j 1.0.0-M2.1 / ND4J's CPU backend (nd4j-native,
 * linux-x86_64): what a JVM user would call instead of this library. Only {@link KernelBenchmark} touches this
 * class, inside a try block: without the bench profile's dependencies, or when ND4J's native backend cannot load,
 * the peers are reported as unavailable, with the reason.
 *
 * <ul>
 *   <li>{@code dl4j AlphaDropout}: {@link AlphaDropout#applyDropout} on the whole {@code [samples, length]} batch,
 *       element-wise (Deeplearning4j has no feature alpha dropout). Its constructor takes the RETAIN probability:
 *       PyTorch's {@code p} is {@code new AlphaDropout(1 - p)}. It draws a Bernoulli mask array, then computes
 *       {@code a * (x * d + alphaPrime * (1 - d)) + b} in four array operations.</li>
 *   <li>{@code nd4j channel-wise}: feature alpha dropout built from ND4J ops, as a user would write it: a Bernoulli
 *       mask of shape {@code [samples, channels, 1]}, per-channel scale and shift from it, then a broadcasting
 *       multiply and add over the {@code [samples, channels, spatial]} view of the batch.</li>
 *   <li>{@code nd4j assign}: ND4J's own copy of the batch ({@code out.assign(x)}), the peer's floor.</li>
 * </ul>
 *
 * The input is copied into ND4J's off-heap buffer once, before timing (ND4J works on its own memory); outputs are
 * copied back to a Java array outside the timed region, for the checksum and the mean/std check.
 *
 * <p>Both dropout peers run inside an ND4J workspace, as Deeplearning4j runs layers in a network: their temporary
 * arrays (the mask, {@code 1 - mask}...) come from memory allocated once, not from fresh off-heap allocations. That
 * is the peer at its best, and the one the speed-up targets are measured against. {@code dl4j AlphaDropout, no
 * workspace} is the same call with {@code LayerWorkspaceMgr.noWorkspaces()}, what calling the layer's dropout
 * directly costs: it allocates 32 MiB of new off-heap memory per call, released only when the Java GC collects the
 * tiny wrappers (JavaCPP forces a GC when its off-heap total reaches the heap size); on the development VM it took
 * 2-5x as long as in a workspace.
 *
 * <p>ND4J runs its ops on OpenMP threads: as many as {@code OMP_NUM_THREADS} says (all cores by default). Our
 * kernel is single-threaded (Spark runs one per core), so the suite runs this benchmark with
 * {@code OMP_NUM_THREADS=1} for a per-core comparison; with more threads the peers' variant names say how many.
 */
final class Nd4jPeers {

    /** SELU's lambda * alpha, as Deeplearning4j defines alphaPrime (negated there). */
    private static final double ALPHA_PRIME = -AlphaDropout.DEFAULT_LAMBDA * AlphaDropout.DEFAULT_ALPHA;

    private Nd4jPeers() {
    }

    /** The backend, its BLAS and its thread count: throws if ND4J's native backend cannot load. */
    static String describe() {
        return Nd4j.getBackend().getClass().getSimpleName() + ", " + threads() + " ND4J/OpenMP thread(s), BLAS "
                + Nd4j.factory().blas().getBlasVendor() + ", ops in a workspace";
    }

    static int threads() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** " (N threads)" when ND4J runs on more than one thread, else "". */
    private static String threadSuffix() {
        return threads() == 1 ? "" : " (" + threads() + " threads)";
    }

    static List<KernelBenchmark.Named> create(float[] in, int samples, int length, int channels, double p, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.create(in, new long[] {samples, length}, DataType.FLOAT);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, samples, length);
        double retain = 1 - p;
        AlphaDropout dl4j = new AlphaDropout(retain);
        AlphaDropout dl4jDirect = new AlphaDropout(retain);
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder()
                .policyAllocation(AllocationPolicy.STRICT)
                .policyLearning(LearningPolicy.FIRST_LOOP)
                .build();
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.builder().defaultWorkspace("ALPHA_DROPOUT_BENCH", conf)
                .build();

        int spatial = length / channels;
        INDArray x3 = x.reshape('c', samples, channels, spatial);
        INDArray out3 = out.reshape('c', samples, channels, spatial);
        double a = 1.0 / Math.sqrt(retain + ALPHA_PRIME * ALPHA_PRIME * retain * (1 - retain));
        double b = -a * (1 - retain) * ALPHA_PRIME;

        return List.of(
                new KernelBenchmark.Named(KernelBenchmark.DL4J + threadSuffix(), "element", new NdVariant(x, out) {
                    @Override
                    public void run(float[] src, float[] dst, int n, int len, long[] seeds) {
                        try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.INPUT)) {
                            dl4j.applyDropout(x, out, 0, 0, workspaces);
                        }
                        dl4j.clear();
                    }
                }),
                new KernelBenchmark.Named(KernelBenchmark.DL4J + ", no workspace" + threadSuffix(), "element",
                        new NdVariant(x, out) {
                    @Override
                    public void run(float[] src, float[] dst, int n, int len, long[] seeds) {
                        dl4jDirect.applyDropout(x, out, 0, 0, noWorkspaces);
                        dl4jDirect.clear();
                    }
                }),
                new KernelBenchmark.Named("nd4j channel-wise" + threadSuffix(), "feature", new NdVariant(x, out) {
                    @Override
                    public void run(float[] src, float[] dst, int n, int len, long[] seeds) {
                        try (MemoryWorkspace ignored = workspaces.notifyScopeEntered(ArrayType.INPUT)) {
                            INDArray mask = Nd4j.createUninitialized(DataType.FLOAT, samples, channels, 1);
                            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, retain));
                            INDArray scale = mask.mul(a);
                            INDArray shift = mask.rsub(1.0).muli(ALPHA_PRIME * a).addi(b);
                            Nd4j.getExecutioner().exec(new MulOp(x3, scale, out3));
                            Nd4j.getExecutioner().exec(new AddOp(out3, shift, out3));
                        }
                    }
                }),
                new KernelBenchmark.Named("nd4j assign" + threadSuffix(), "peer-floor", new NdVariant(x, out) {
                    @Override
                    public void run(float[] src, float[] dst, int n, int len, long[] seeds) {
                        out.assign(x);
                    }
                }));
    }

    /** A peer variant: runs on ND4J arrays; {@link #collect} copies the output to a Java array, untimed. */
    private abstract static class NdVariant implements KernelBenchmark.Variant {
        private final INDArray x;
        private final INDArray out;

        NdVariant(INDArray x, INDArray out) {
            this.x = x;
            this.out = out;
        }

        @Override
        public void collect(float[] dst) {
            FloatBuffer buffer = out.data().asNioFloat();
            buffer.get(dst, 0, dst.length);
        }

        @Override
        public void prime(float[] in, float[] dst) {
            out.assign(x); // reads the peer's input, writes its output: as the Java variants' priming does
        }
    }
}
