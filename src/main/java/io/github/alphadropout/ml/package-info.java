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
 * Spark ML Transformers for pipelines: {@link io.github.alphadropout.ml.FeatureAlphaDropout} (drops whole channels)
 * and {@link io.github.alphadropout.ml.AlphaDropout} (drops elements), readable and writable with their pipelines.
 * Both are the API; {@link io.github.alphadropout.ml.AlphaDropoutBase} holds their shared params and is internal.
 * They run the Catalyst expression of {@code io.github.alphadropout.sql}.
 */
package io.github.alphadropout.ml;
