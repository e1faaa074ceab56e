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

package io.github.alphadropout.job.files;

import io.github.alphadropout.job.run.InputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rows of Parquet files counted from their footers (the row counts of their row groups), on the driver, without a
 * Spark job. This is what Spark's own {@code count()} of Parquet reads too (it asks for no column, so no page is
 * read), minus a Spark job's scheduling and, for files it was given by name, a schema inference that reads every
 * footer once more: on S3 each file costs one HEAD and one or two ranged GETs of its tail. Footers are read by up to
 * {@value #THREADS} threads at once (object stores answer each request after a round trip).
 */
public final class ParquetFooters {

    static final int THREADS = 16;

    private ParquetFooters() {
    }

    /**
     * The rows the Parquet at {@code paths} holds: each path a file, or a folder whose data files (names that do not
     * start with {@code _} or {@code .}, as Spark reads them) are counted.
     */
    public static long rows(Configuration conf, String... paths) {
        List<Path> list = new ArrayList<>();
        for (String p : paths) {
            list.add(new Path(p));
        }
        return sum(list, path -> {
            FileSystem fs = path.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(path);
            if (!status.isDirectory()) {
                return footerRows(status, conf);
            }
            return folderRows(fs, path, conf);
        });
    }

    /**
     * The rows of the data files in a folder and its data folders. listStatus, not listFiles: the located statuses
     * of the local file system read each file's permissions, which fails under a scheme other than file:.
     */
    private static long folderRows(FileSystem fs, Path folder, Configuration conf) throws IOException {
        long rows = 0;
        for (FileStatus f : fs.listStatus(folder)) {
            String name = f.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            rows += f.isDirectory() ? folderRows(fs, f.getPath(), conf) : footerRows(f, conf);
        }
        return rows;
    }

    /**
     * The rows of a Parquet input, from the footers of exactly the files Spark listed for it (and will scan); any
     * other format, or a footer that cannot be read, is counted by Spark ({@code count()}), which then says what is
     * wrong with it as it always does.
     */
    static long inputRows(Dataset<Row> input, InputFormat format, Configuration conf) {
        return input(input, format, conf, List.of()).rows();
    }

    /**
     * What the footers of an input say.
     *
     * @param rows    the input's rows
     * @param lengths for each of the columns asked about: L when every row group of every file holds, for the
     *                column, rows x L values and no null, as a column of samples that all have L elements does (a
     *                column of mixed lengths whose average is exactly L in each row group would look the same); absent
     *                when the footers show otherwise, cannot tell (the column is not a plain list of numbers, e.g. an
     *                ML vector, or has no statistics), or the input is not Parquet
     */
    public record Input(long rows, Map<String, Long> lengths) {
    }

    /** As {@link #inputRows}, plus, for Parquet, the sample lengths the footers show for {@code columns}. */
    public static Input input(Dataset<Row> input, InputFormat format, Configuration conf, List<String> columns) {
        if (format != InputFormat.PARQUET) {
            return new Input(input.count(), Map.of());
        }
        try {
            List<Path> files = new ArrayList<>();
            for (String f : input.inputFiles()) {
                files.add(new Path(new URI(f))); // inputFiles() are URIs: spaces come as %20
            }
            FileCounts all = new FileCounts(0, new HashMap<>());
            for (FileCounts file : each(files, path -> footer(path.getFileSystem(conf).getFileStatus(path), conf,
                    columns))) {
                all = all.plus(file);
            }
            Map<String, Long> lengths = new HashMap<>();
            all.lengths().forEach((column, length) -> {
                if (length >= 0) {
                    lengths.put(column, length);
                }
            });
            return new Input(all.rows(), lengths);
        } catch (URISyntaxException | RuntimeException e) {
            return new Input(input.count(), Map.of());
        }
    }

    /** Values per row: not known (row groups differ, nulls, no statistics). */
    private static final long MIXED = -1;

    /**
     * The rows of a file, and for each column asked about its values per row ({@link #MIXED} when not the same in
     * every row group); a column absent from the map has no row group with rows.
     */
    private record FileCounts(long rows, Map<String, Long> lengths) {
        FileCounts plus(FileCounts other) {
            Map<String, Long> merged = new HashMap<>(lengths);
            other.lengths.forEach((column, length) -> merged.merge(column, length, (a, b) -> a.equals(b) ? a : MIXED));
            return new FileCounts(rows + other.rows, merged);
        }
    }

    private static long footerRows(FileStatus file, Configuration conf) throws IOException {
        return footer(file, conf, List.of()).rows();
    }

    private static FileCounts footer(FileStatus file, Configuration conf, List<String> columns) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
            FileCounts counts = new FileCounts(0, new HashMap<>());
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                if (block.getRowCount() == 0) {
                    continue;
                }
                Map<String, Long> lengths = new HashMap<>();
                for (String column : columns) {
                    lengths.put(column, valuesPerRow(block, column));
                }
                counts = counts.plus(new FileCounts(block.getRowCount(), lengths));
            }
            return counts;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read the Parquet footer of " + file.getPath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The values per row of {@code column} in a row group: its only leaf column's value count (an empty or null
     * list counts one null value, a null element one) over the rows, when it holds no null and divides evenly; else
     * {@link #MIXED}.
     */
    private static long valuesPerRow(BlockMetaData block, String column) {
        ColumnChunkMetaData leaf = null;
        for (ColumnChunkMetaData chunk : block.getColumns()) {
            String[] path = chunk.getPath().toArray();
            if (path.length > 1 && path[0].equals(column)) {
                if (leaf != null) {
                    return MIXED; // a struct (an ML vector): its lengths are not one leaf's count
                }
                leaf = chunk;
            }
        }
        if (leaf == null || leaf.getStatistics() == null || !leaf.getStatistics().isNumNullsSet()
                || leaf.getStatistics().getNumNulls() != 0 || leaf.getValueCount() % block.getRowCount() != 0) {
            return MIXED;
        }
        return leaf.getValueCount() / block.getRowCount();
    }

    private interface Footer<T> {
        T read(Path path) throws IOException;
    }

    /** Reads each footer, up to {@value #THREADS} at once; the results in the order of {@code paths}. */
    private static <T> List<T> each(List<Path> paths, Footer<T> footer) {
        List<T> out = new ArrayList<>();
        if (paths.size() <= 1) {
            for (Path p : paths) {
                out.add(call(footer, p));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, paths.size()), r -> {
            Thread t = new Thread(r, "alpha-dropout-parquet-footers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Path p : paths) {
                futures.add(pool.submit(() -> call(footer, p)));
            }
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Parquet footers", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Footer<T> footer, Path p) {
        try {
            return footer.read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private interface Count {
        long rows(Path path) throws IOException;
    }

    private static long sum(List<Path> paths, Count count) {
        long rows = 0;
        for (long r : each(paths, count::rows)) {
            rows += r;
        }
        return rows;
    }
}
