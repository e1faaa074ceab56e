package io.github.alphadropout.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
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
final class ParquetFooters {

    static final int THREADS = 16;

    private ParquetFooters() {
    }

    /**
     * The rows the Parquet at {@code paths} holds: each path a file, or a folder whose data files (names that do not
     * start with {@code _} or {@code .}, as Spark reads them) are counted.
     */
    static long rows(Configuration conf, String... paths) {
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
        if (format != InputFormat.PARQUET) {
            return input.count();
        }
        try {
            List<Path> files = new ArrayList<>();
            for (String f : input.inputFiles()) {
                files.add(new Path(new URI(f))); // inputFiles() are URIs: spaces come as %20
            }
            return sum(files, path -> footerRows(path.getFileSystem(conf).getFileStatus(path), conf));
        } catch (URISyntaxException | RuntimeException e) {
            return input.count();
        }
    }

    private static long footerRows(FileStatus file, Configuration conf) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
            return reader.getRecordCount();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read the Parquet footer of " + file.getPath() + ": " + e.getMessage(), e);
        }
    }

    private interface Count {
        long rows(Path path) throws IOException;
    }

    private static long sum(List<Path> paths, Count count) {
        if (paths.size() <= 1) {
            long rows = 0;
            for (Path p : paths) {
                rows += call(count, p);
            }
            return rows;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, paths.size()), r -> {
            Thread t = new Thread(r, "alpha-dropout-parquet-footers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (Path p : paths) {
                futures.add(pool.submit(() -> call(count, p)));
            }
            long rows = 0;
            for (Future<Long> f : futures) {
                rows += f.get();
            }
            return rows;
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

    private static long call(Count count, Path p) {
        try {
            return count.rows(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
