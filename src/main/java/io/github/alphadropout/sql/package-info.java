/**
 * Alpha dropout in Spark SQL: the Catalyst expression ({@link io.github.alphadropout.sql.AlphaDropoutExpression}),
 * the DataFrame Column functions ({@link io.github.alphadropout.sql.AlphaDropoutFunctions}) and the SQL functions
 * {@code feature_alpha_dropout} and {@code alpha_dropout}
 * ({@link io.github.alphadropout.sql.AlphaDropoutExtensions}, which Spark finds through ServiceLoader). All run the kernel of
 * {@code io.github.alphadropout.kernel} once per row, with whole-stage code generation.
 */
package io.github.alphadropout.sql;
