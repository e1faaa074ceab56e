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

package io.github.alphadropout.sql;

import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import scala.StringContext;

import java.util.Arrays;

/** Spark's {@code code"..."} interpolator, called from Java. */
final class GeneratedCode {

    private GeneratedCode() {
    }

    /**
     * The block that {@code code"..."} makes of {@code template}, with each {@code {}} in it replaced by the next
     * argument: code values ({@code ExprValue}, {@code Block}) are tracked as Spark tracks them, strings and
     * numbers are inlined.
     */
    static Block code(String template, Object... args) {
        String[] parts = template.split("\\{}", -1);
        return new Block.BlockHelper(new StringContext(Scala.seq(Arrays.asList(parts)))).code(
                Scala.seq(Arrays.asList(args)));
    }
}
