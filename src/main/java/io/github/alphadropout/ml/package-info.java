/**
 * Spark ML Transformers for pipelines: {@link io.github.alphadropout.ml.FeatureAlphaDropout} (drops whole channels)
 * and {@link io.github.alphadropout.ml.AlphaDropout} (drops elements), readable and writable with their pipelines.
 * Both are the API; {@link io.github.alphadropout.ml.AlphaDropoutBase} holds their shared params and is internal.
 * They run the Catalyst expression of {@code io.github.alphadropout.sql}.
 */
package io.github.alphadropout.ml;
