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

import java.lang.reflect.Constructor;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses the kernel once per JVM, as Apache Lucene's {@code VectorizationProvider} does: the Vector API
 * implementation when {@code jdk.incubator.vector} is readable and worth it, else the scalar one, with one log
 * line saying which and, if scalar, how to enable the other.
 *
 * <p>The system property {@value #KERNEL_PROPERTY} ({@code auto}, {@code scalar} or {@code vector}) overrides
 * the choice; {@code vector} fails loudly when the module is missing.
 */
public final class AlphaDropoutKernels {

    public static final String KERNEL_PROPERTY = "alphadropout.kernel";
    /**
     * The vector width in bits (128, 256 or 512) of the Vector API kernel; unset: the CPU's preferred width. For
     * tests, as Lucene's {@code tests.vectorsize}: every width must give the scalar kernel's results bit for bit.
     */
    public static final String VECTOR_BIT_SIZE_PROPERTY = "alphadropout.vectorBitSize";
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String ENABLE_HINT = "pass --add-modules=" + VECTOR_MODULE + " to the JVM";
    private static final String VECTOR_CLASS = "io.github.alphadropout.kernel.VectorAlphaDropoutKernel";
    private static final System.Logger LOG = System.getLogger(AlphaDropoutKernels.class.getName());

    private static final AlphaDropoutKernel DEFAULT = choose();

    private AlphaDropoutKernels() {
    }

    /** The kernel this JVM uses. */
    public static AlphaDropoutKernel get() {
        return DEFAULT;
    }

    /** The scalar kernel, always available. */
    public static AlphaDropoutKernel scalar() {
        return ScalarAlphaDropoutKernel.INSTANCE;
    }

    /** The Vector API kernel, when {@code jdk.incubator.vector} is readable by this code. */
    public static Optional<AlphaDropoutKernel> vector() {
        return Holder.VECTOR;
    }

    /** Whether the JVM resolved {@code jdk.incubator.vector} and this code can read it. */
    public static boolean vectorModuleReadable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE)
                .map(AlphaDropoutKernels.class.getModule()::canRead)
                .orElse(false);
    }

    private static AlphaDropoutKernel choose() {
        String wanted = System.getProperty(KERNEL_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "scalar":
                LOG.log(System.Logger.Level.INFO, "alpha dropout kernel: scalar (" + KERNEL_PROPERTY + "=scalar)");
                return scalar();
            case "vector":
                AlphaDropoutKernel vector = vector().orElseThrow(() -> new IllegalStateException(
                        KERNEL_PROPERTY + "=vector but the Vector API module is not readable; " + ENABLE_HINT));
                LOG.log(System.Logger.Level.INFO, "alpha dropout kernel: " + vector.name());
                return vector;
            case "auto":
                break;
            default:
                throw new IllegalStateException(KERNEL_PROPERTY + " must be auto, scalar or vector, but got '"
                        + wanted + "'");
        }
        if (!vectorModuleReadable()) {
            LOG.log(System.Logger.Level.WARNING, "alpha dropout kernel: scalar, because the Java Vector API module"
                    + " is not readable; for the faster vectorized kernel " + ENABLE_HINT);
            return scalar();
        }
        Optional<AlphaDropoutKernel> vector = vector();
        if (vector.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "alpha dropout kernel: scalar, because the Vector API kernel"
                    + " could not be loaded or the CPU's vectors are narrower than 256 bits");
            return scalar();
        }
        LOG.log(System.Logger.Level.INFO, "alpha dropout kernel: " + vector.get().name()
                + " (Java Vector API; -D" + KERNEL_PROPERTY + "=scalar selects the scalar one)");
        return vector.get();
    }

    /** Loads the vector kernel lazily: its class must not even be resolved when the module is absent. */
    private static final class Holder {
        static final Optional<AlphaDropoutKernel> VECTOR = loadVector();

        private static Optional<AlphaDropoutKernel> loadVector() {
            if (!vectorModuleReadable()) {
                return Optional.empty();
            }
            try {
                Class<?> type = Class.forName(VECTOR_CLASS);
                boolean requested = (boolean) type.getDeclaredMethod("bitSizeRequested").invoke(null);
                if (!requested && (int) type.getDeclaredMethod("bitSize").invoke(null) < 256) {
                    return Optional.empty();
                }
                Constructor<?> constructor = type.getDeclaredConstructor();
                return Optional.of((AlphaDropoutKernel) constructor.newInstance());
            } catch (ExceptionInInitializerError e) {
                // A bad VECTOR_BIT_SIZE_PROPERTY: say so rather than fall back quietly.
                throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "Vector API kernel unavailable: " + e);
                return Optional.empty();
            }
        }
    }
}
