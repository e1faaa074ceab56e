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

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamsSuite$;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The param skeleton of both Transformers, checked by Spark's own ParamsSuite and by their defaults. */
class TransformerParamsTest {

    @Test
    void sparksOwnParamsSuiteAcceptsFeatureAlphaDropout() {
        ParamsSuite$.MODULE$.checkParams(new FeatureAlphaDropout());
    }

    @Test
    void sparksOwnParamsSuiteAcceptsAlphaDropout() {
        ParamsSuite$.MODULE$.checkParams(new AlphaDropout());
    }

    @Test
    void defaultsFollowPyTorchAndSparkConventions() {
        FeatureAlphaDropout f = new FeatureAlphaDropout("fad");
        assertEquals(0.5, f.getP());
        assertEquals((long) FeatureAlphaDropout.class.getName().hashCode(), f.getSeed());
        assertEquals("error", f.getHandleInvalid());
        assertTrue(f.getTraining());
        assertEquals("fad__output", f.getOutputCol());
        assertFalse(f.isDefined(f.shape()));
        assertFalse(f.isDefined(f.seedCol()));
        assertEquals((long) AlphaDropout.class.getName().hashCode(), new AlphaDropout().getSeed());
    }

    @Test
    void probabilityOutsideZeroOneIsRejectedWithPyTorchsWording() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AlphaDropout().setP(1.5));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FeatureAlphaDropout().setP(-0.1));
        assertEquals("dropout probability has to be between 0 and 1, but got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FeatureAlphaDropout().setP(Double.NaN));
        assertEquals("dropout probability has to be between 0 and 1, but got NaN", e.getMessage());
    }

    @Test
    void badShapesAreRejectedWhenSet() {
        FeatureAlphaDropout f = new FeatureAlphaDropout();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setShape(new int[] {16, 0, 32}))
                .getMessage().contains("must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setShape(new int[] {-1, 4, -1}))
                .getMessage().contains("more than one -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setShape(new int[] {65536, 65536}))
                .getMessage().contains("more than 2147483647 elements"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setShape(new int[0]))
                .getMessage().contains("at least one dimension"));
        f.setShape(new int[] {-1, 4, 8});
        assertArrayEquals(new int[] {-1, 4, 8}, f.getShape());
    }

    @Test
    void unknownHandleInvalidIsRejectedWhenSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AlphaDropout().setHandleInvalid("drop"));
        assertEquals("handleInvalid must be one of error, skip, keep, but got 'drop'", e.getMessage());
    }

    @Test
    void copyKeepsUidAndParamsAndAppliesExtras() {
        FeatureAlphaDropout f = new FeatureAlphaDropout().setInputCol("x").setShape(new int[] {3, 4}).setP(0.2);
        FeatureAlphaDropout copy = f.copy(new ParamMap().put(f.training().w(false)));
        assertNotSame(f, copy);
        assertEquals(f.uid(), copy.uid());
        assertEquals(0.2, copy.getP());
        assertArrayEquals(new int[] {3, 4}, copy.getShape());
        assertFalse(copy.getTraining());
        assertTrue(f.getTraining());
    }
}
