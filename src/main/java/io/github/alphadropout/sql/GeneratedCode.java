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
