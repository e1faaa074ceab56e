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

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Streaming test fixture shared by the sql and ml tests: a JSON file source fed new files one by one (one file per
 * micro-batch), queries run to the end of their input with {@link Trigger#AvailableNow()} over a real checkpoint
 * folder, and each micro-batch's output recorded by batch id through {@code foreachBatch}.
 */
public final class StreamingFixture {

    /** {@code id bigint, key string, x array<float>}. */
    public static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("key", DataTypes.StringType)
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, true));

    /** Older than now, so the file source's age limit never drops a file; files are ten seconds apart. */
    private static final long BASE_MILLIS = System.currentTimeMillis() - 3_600_000L;

    private StreamingFixture() {
    }

    /** One input row. */
    public record Sample(long id, String key, float[] x) {
    }

    /** {@code rows} samples with ids {@code firstId, firstId + 1...}, keys {@code "k<id>"} and N(0, 1) values. */
    public static List<Sample> samples(long firstId, int rows, int n, long seed) {
        List<float[]> values = SparkTestSupport.gaussianFloats(rows, n, seed);
        List<Sample> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(new Sample(firstId + r, "k" + (firstId + r), values.get(r)));
        }
        return out;
    }

    /**
     * Writes {@code rows} as JSON lines to {@code dir/part-<index>.json}, atomically (a hidden file renamed into
     * place, so a listing never sees half a file), with a modification time that orders files by index.
     */
    public static Path writeJson(Path dir, int index, List<Sample> rows) throws IOException {
        StringBuilder json = new StringBuilder();
        for (Sample s : rows) {
            json.append("{\"id\":").append(s.id()).append(",\"key\":\"").append(s.key()).append("\",\"x\":[");
            for (int i = 0; i < s.x().length; i++) {
                json.append(i == 0 ? "" : ",").append(Float.toString(s.x()[i]));
            }
            json.append("]}\n");
        }
        Files.createDirectories(dir);
        Path hidden = dir.resolve(".part-" + index + ".json.tmp");
        Files.writeString(hidden, json, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(hidden, FileTime.fromMillis(BASE_MILLIS + 10_000L * index));
        return Files.move(hidden, dir.resolve("part-" + index + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A streaming JSON source over {@code dir} that takes one new file per micro-batch. */
    public static Dataset<Row> stream(SparkSession spark, Path dir) {
        return spark.readStream().schema(SCHEMA).option("maxFilesPerTrigger", 1).json(dir.toString());
    }

    /** The output of each micro-batch by batch id, once per time the batch ran (a re-run batch appears twice). */
    public static final class Batches {
        private final Map<Long, List<List<Row>>> runs = new ConcurrentHashMap<>();

        public void record(long batchId, List<Row> rows) {
            runs.computeIfAbsent(batchId, b -> new ArrayList<>()).add(rows);
        }

        public Map<Long, List<List<Row>>> runs() {
            return runs;
        }

        /** The output of the batch's first run. */
        public List<Row> first(long batchId) {
            return runs.get(batchId).get(0);
        }
    }

    /** Runs {@code query} to the end of the available input, recording each micro-batch's rows. */
    public static void runToEnd(Dataset<Row> query, Path checkpoint, Batches into)
            throws TimeoutException, StreamingQueryException {
        runToEnd(query, checkpoint, (batch, id) -> into.record(id, batch.collectAsList()));
    }

    /** Runs {@code query} to the end of the available input with the given {@code foreachBatch} function. */
    public static void runToEnd(Dataset<Row> query, Path checkpoint, VoidFunction2<Dataset<Row>, Long> perBatch)
            throws TimeoutException, StreamingQueryException {
        query.writeStream()
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.AvailableNow())
                .foreachBatch(perBatch)
                .start()
                .awaitTermination();
    }

    /**
     * Deletes the checkpoint's last commit, as a failure after a micro-batch's offsets were logged but before it
     * was committed leaves it: on restart, Spark runs that micro-batch again. Returns its id.
     */
    public static long deleteLastCommit(Path checkpoint) throws IOException {
        Path commits = checkpoint.resolve("commits");
        long last;
        try (Stream<Path> files = Files.list(commits)) {
            last = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+"))
                    .mapToLong(Long::parseLong).max().orElseThrow();
        }
        Files.delete(commits.resolve(Long.toString(last)));
        Files.deleteIfExists(commits.resolve("." + last + ".crc"));
        return last;
    }

    /**
     * The rows as strings that compare values bit for bit: arrays of floats and doubles as their raw bits (so
     * {@code -0.0} and NaN payloads count), anything else as its string.
     */
    public static List<String> bits(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row row : rows) {
            StringBuilder s = new StringBuilder();
            for (StructField f : row.schema().fields()) {
                int i = row.fieldIndex(f.name());
                s.append(f.name()).append('=');
                if (!row.isNullAt(i) && f.dataType() instanceof ArrayType) {
                    for (Object v : row.getList(i)) {
                        s.append(v instanceof Float x ? Integer.toHexString(Float.floatToRawIntBits(x))
                                : v instanceof Double d ? Long.toHexString(Double.doubleToRawLongBits(d))
                                : String.valueOf(v)).append(',');
                    }
                } else {
                    s.append(row.isNullAt(i) ? "null" : row.get(i).toString());
                }
                s.append(';');
            }
            out.add(s.toString());
        }
        return out;
    }

    /** A row's float array column. */
    public static float[] floats(Row row, String column) {
        return SparkTestSupport.floats(row, column);
    }
}
