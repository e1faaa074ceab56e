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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider picks the kernel Surefire expects: the Vector API one in the default execution (module flag
 * given), the scalar one in kernel-scalar-fallback (no flag), where the vector classes must stay untouched.
 */
class AlphaDropoutKernelsProviderTest {

    private Boolean expectVector;

    @BeforeEach
    void readExpectation() {
        expectVector = KernelTestSupport.expectVectorKernel();
        assumeTrue(expectVector != null, KernelTestSupport.EXPECT_VECTOR_PROPERTY
                + " is not set (not run by Surefire): nothing to check the choice against");
        assumeTrue(System.getProperty(AlphaDropoutKernels.KERNEL_PROPERTY) == null,
                AlphaDropoutKernels.KERNEL_PROPERTY + " overrides the automatic choice");
    }

    @Test
    void chosenKernelMatchesTheExpectation() {
        AlphaDropoutKernel chosen = AlphaDropoutKernels.get();
        if (expectVector) {
            assertTrue(AlphaDropoutKernels.vectorModuleReadable(), "jdk.incubator.vector must be readable");
            assertTrue(AlphaDropoutKernels.vector().isPresent(), "vector kernel must load");
            assertSame(AlphaDropoutKernels.vector().get(), chosen);
            assertTrue(chosen.name().matches("vector\\(\\d+-bit\\)"), chosen.name());
            assertEquals("io.github.alphadropout.kernel.VectorAlphaDropoutKernel", chosen.getClass().getName());
            String name = chosen.name();
            int bits = Integer.parseInt(name.substring("vector(".length(), name.indexOf("-bit")));
            String requested = System.getProperty(AlphaDropoutKernels.VECTOR_BIT_SIZE_PROPERTY);
            if (requested == null) {
                assertTrue(bits >= 256, "the provider only takes vectors of 256 bits or more by itself: " + name);
            } else {
                assertEquals(Integer.parseInt(requested.trim()), bits, "the width the tests asked for");
            }
        } else {
            assertFalse(AlphaDropoutKernels.vectorModuleReadable(), "jdk.incubator.vector must not be readable");
            assertTrue(AlphaDropoutKernels.vector().isEmpty(), "vector() must be empty without the module");
            assertSame(AlphaDropoutKernels.scalar(), chosen);
            assertEquals("scalar", chosen.name());
            assertFalse(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                    "without --add-modules the module is not in the boot layer");
        }
    }

    @Test
    void opsUseTheChosenKernelAndScalarIsAlwaysThere() {
        assertSame(AlphaDropoutKernels.get(), AlphaDropoutOp.element(0.5).kernel());
        assertSame(AlphaDropoutKernels.get(), AlphaDropoutOp.feature(0.5, 3).kernel());
        assertSame(AlphaDropoutKernels.scalar(), AlphaDropoutKernels.scalar());
        assertEquals("scalar", AlphaDropoutKernels.scalar().name());
        AlphaDropoutOp op = AlphaDropoutOp.element(0.5).withKernel(AlphaDropoutKernels.scalar());
        assertSame(AlphaDropoutKernels.scalar(), op.kernel());
        assertTrue(op.toString().contains("kernel=scalar"), op.toString());
    }
}
