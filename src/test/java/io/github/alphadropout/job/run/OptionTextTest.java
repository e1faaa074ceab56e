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
import org.junit.jupiter.api.Test;

import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages and reports spell settings as the command line takes them. */
class OptionTextTest {

    @Test
    void enumValuesInLowerCaseWithDashes() {
        assertEquals("feature", OptionText.of(DropoutMode.FEATURE));
        assertEquals("create-new", OptionText.of(StandardOpenOption.CREATE_NEW));
        assertEquals("iceberg", InputFormat.ICEBERG.toString());
        assertEquals("delta", OutputFormat.DELTA.toString());
    }

    @Test
    void shapesAsCommaSeparatedDimensions() {
        assertEquals("8,2,8,8", OptionText.shape(SampleShape.of(8, 2, 8, 8)));
        assertEquals("3,-1", OptionText.shape(SampleShape.of(3, -1)));
    }
}
