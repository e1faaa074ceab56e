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

/**
 * Alpha dropout in Spark SQL: the Catalyst expression ({@link io.github.alphadropout.sql.AlphaDropoutExpression}),
 * the DataFrame Column functions ({@link io.github.alphadropout.sql.AlphaDropoutFunctions}) and the SQL functions
 * {@code feature_alpha_dropout} and {@code alpha_dropout}
 * ({@link io.github.alphadropout.sql.AlphaDropoutExtensions}, which Spark finds through ServiceLoader). All run the kernel of
 * {@code io.github.alphadropout.kernel} once per row, with whole-stage code generation.
 */
package io.github.alphadropout.sql;
