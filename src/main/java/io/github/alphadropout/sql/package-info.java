/**
 * Alpha dropout in Spark SQL: the Catalyst expression ({@link io.github.alphadropout.sql.AlphaDropoutExpression}),
 * the DataFrame Column functions ({@link io.github.alphadropout.sql.AlphaDropoutFunctions}) and the SQL functions
 * {@code feature_alpha_dropout} and {@code alpha_dropout}
 * ({@code spark.sql.extensions=io.github.alphadropout.sql.AlphaDropoutExtensions}). All run the kernel of
 * {@code io.github.alphadropout.kernel} once per row, with whole-stage code generation.
 */
package io.github.alphadropout.sql;
