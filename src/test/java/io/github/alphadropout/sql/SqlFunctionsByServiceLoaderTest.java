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

import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.Product;

import java.lang.reflect.Field;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.alphaDropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static io.github.alphadropout.sql.SparkTestSupport.FLOAT_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.frame;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianFloats;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL functions in a session that does not set {@code spark.sql.extensions}: the jar on the class path is
 * enough, because Spark loads {@link AlphaDropoutExtensions} as a {@link SparkSessionExtensionsProvider} through
 * Java's ServiceLoader. {@link AlphaDropoutSqlTest} covers the session that sets it as well.
 */
class SqlFunctionsByServiceLoaderTest extends SparkSessionTest {

    @BeforeAll
    void setUp() {
        frame(spark, FLOAT_ARRAY, gaussianFloats(40, 24, 43), 2).createOrReplaceTempView("samples");
    }

    @Test
    void theJarRegistersItsProviderForJavasServiceLoader() {
        assertTrue(StreamSupport.stream(ServiceLoader.load(SparkSessionExtensionsProvider.class).spliterator(), false)
                        .anyMatch(p -> p instanceof AlphaDropoutExtensions),
                "META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider names AlphaDropoutExtensions");
    }

    @Test
    void sqlFunctionsWorkWithoutSparkSqlExtensions() {
        assertTrue(spark.conf().getOption("spark.sql.extensions").isEmpty());
        List<Row> sql = spark.sql("SELECT id, feature_alpha_dropout(x, 0.5, array(4, 3, 2), 42) AS f,"
                + " alpha_dropout(x, 0.2, 7) AS e FROM samples").collectAsList();
        List<Row> columns = spark.table("samples").select(col("id"),
                featureAlphaDropout(col("x"), 0.5, new int[] {4, 3, 2}, 42).as("f"),
                alphaDropout(col("x"), 0.2, 7).as("e")).collectAsList();
        assertEquals(columns, sql);
    }

    @Test
    void theSessionInjectsEachFunctionOnce() {
        assertEquals(1, injected(sessionExtensions(spark), AlphaDropoutExtensions.FEATURE_ALPHA_DROPOUT));
        assertEquals(1, injected(sessionExtensions(spark), AlphaDropoutExtensions.ALPHA_DROPOUT));
    }

    @Test
    void applyingTheExtensionsTwiceInjectsOnce() {
        SparkSessionExtensions extensions = new SparkSessionExtensions();
        new AlphaDropoutExtensions().apply(extensions); // as spark.sql.extensions does
        new AlphaDropoutExtensions().apply(extensions); // as the ServiceLoader does, with its own instance
        assertEquals(1, injected(extensions, AlphaDropoutExtensions.FEATURE_ALPHA_DROPOUT));
        assertEquals(1, injected(extensions, AlphaDropoutExtensions.ALPHA_DROPOUT));
        SparkSessionExtensions other = new SparkSessionExtensions();
        new AlphaDropoutExtensions().apply(other);
        assertEquals(1, injected(other, AlphaDropoutExtensions.ALPHA_DROPOUT), "another session's extensions get theirs");
    }

    /** The extensions a session was built with (a Spark-internal field on every line, read by reflection). */
    static SparkSessionExtensions sessionExtensions(SparkSession session) {
        try {
            return (SparkSessionExtensions) session.getClass().getMethod("extensions").invoke(session);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read the session's extensions", e);
        }
    }

    /** How many times {@code name} was injected as a function into {@code extensions}. */
    static int injected(SparkSessionExtensions extensions, String name) {
        try {
            Field field = SparkSessionExtensions.class.getDeclaredField("injectedFunctions");
            field.setAccessible(true);
            scala.collection.Iterator<?> it = ((scala.collection.Iterable<?>) field.get(extensions)).iterator();
            int count = 0;
            while (it.hasNext()) {
                FunctionIdentifier id = (FunctionIdentifier) ((Product) it.next()).productElement(0);
                count += id.funcName().equals(name) ? 1 : 0;
            }
            return count;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read SparkSessionExtensions.injectedFunctions", e);
        }
    }
}
