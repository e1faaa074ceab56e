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

package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

class AugmentSettingsTest {

    @Test
    void samplesTooLargeAsDoublesAreRefusedOnceTheInputsSchemaShowsThem() {
        // 2 x 512^3 values fit in a Spark row as floats (SampleLimitsTest), not as doubles.
        assertThrows(UsageException.class, () -> new AugmentSettings("in", InputFormat.PARQUET, List.of("x"),
                SampleShape.of(2, 512, 512, 512), 0.2, DropoutMode.FEATURE, 1, null, 1,
                HandleInvalid.SKIP, "out", null).checkInputSchema(new StructType()
                .add("x", DataTypes.createArrayType(DataTypes.DoubleType))));
    }
}
