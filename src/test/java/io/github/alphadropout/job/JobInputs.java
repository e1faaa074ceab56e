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

package io.github.alphadropout.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The inputs and comparisons the job's end-to-end tests share. */
public final class JobInputs {

    private JobInputs() {
    }

    /** Writes {@code rows} N(0,1) samples of {@code shape} (column {@code features}, ids 0..rows-1) in 3 files. */
    static Path generate(Path output, int rows, String shape) {
        Cli.Outcome o = Cli.run("generate", "--rows", Integer.toString(rows), "--shape", shape, "--partitions", "3",
                "--seed", "5", "--output", output.toString());
        assertEquals(0, o.code(), o::toString);
        return output;
    }

    /**
     * Writes the rows of {@code input} to {@code output} plus, in a file of its own that is read last, one sample of
     * the wrong length: a run with {@code --handle-invalid error} on it fails late, after most rows were written.
     */
    static Path withBadRowLast(SparkSession spark, Path input, Path output) {
        Dataset<Row> rows = spark.read().parquet(input.toString());
        rows.write().parquet(output.toString());
        spark.createDataFrame(List.of(RowFactory.create(999_999L, List.of(1f, 2f, 3f))), rows.schema())
                .write().mode(SaveMode.Append).parquet(output.toString());
        return output;
    }

    /** Each row's id, copy and the raw bits of its sample, sorted: equal lists are bit-identical outputs. */
    public static List<String> bits(Dataset<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows.collectAsList()) {
            StringBuilder b = new StringBuilder().append(r.getLong(r.fieldIndex("id"))).append('/')
                    .append(r.getInt(r.fieldIndex("copy"))).append(':');
            for (Object v : r.getList(r.fieldIndex("features"))) {
                b.append(Integer.toHexString(Float.floatToRawIntBits((Float) v))).append(',');
            }
            out.add(b.toString());
        }
        out.sort(null);
        return out;
    }
}
