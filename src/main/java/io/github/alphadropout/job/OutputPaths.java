package io.github.alphadropout.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * Checks on the input and output paths, and an output that appears only when the job succeeded.
 *
 * <p>Data is written into a hidden sibling folder of the output and committed at the end ({@link OutputCommit}):
 * no partial output is ever left at the output path, and an old output is deleted only once the new one is in
 * place. Every output check first puts right what an interrupted run left ({@link OutputCommit#recover}).
 */
final class OutputPaths {

    private OutputPaths() {
    }

    /** Whether a path is on the local file system for sure (file: scheme, or no scheme under a local master). */
    static boolean isLocal(String path, String master) {
        URI uri = new Path(path).toUri();
        if (uri.getScheme() != null) {
            return uri.getScheme().equals("file");
        }
        return master != null && master.startsWith("local");
    }

    static Path qualify(String path, Configuration conf) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    /** A local Hadoop configuration for checks made before Spark starts. */
    static Configuration localConf() {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", "file:///");
        return conf;
    }

    /** Refuses a missing input. */
    static void checkInput(String input, Configuration conf) {
        Path in = qualify(input, conf);
        if (!exists(in, conf)) {
            throw new UsageException("input " + input + " does not exist");
        }
    }

    /**
     * Refuses an output that equals the input or contains it or lies inside it, and an existing output without
     * {@code --overwrite}.
     */
    static void checkOutput(String output, String input, boolean overwrite, Configuration conf) {
        checkOutput(output, input, overwrite ? OutputCommit.Mode.OVERWRITE : OutputCommit.Mode.CREATE, conf,
                new PrintWriter(System.err, true), "");
    }

    /**
     * As above, for any {@link OutputCommit.Mode} ({@code --append} accepts an existing output); what interrupted
     * runs left beside the output is put right first, and said on {@code notes}. {@code otherChoice} ends the
     * message about an existing output (e.g. ", or --append to add to it").
     */
    static void checkOutput(String output, String input, OutputCommit.Mode mode, Configuration conf,
                            PrintWriter notes, String otherChoice) {
        checkSeparate(output, input, conf);
        Path out = qualify(output, conf);
        OutputCommit.recover(output, conf, notes);
        if (mode == OutputCommit.Mode.CREATE && exists(out, conf)) {
            throw new UsageException("output " + output + " already exists; add --overwrite to replace it"
                    + otherChoice);
        }
    }

    /** Refuses an output that equals the input or contains it or lies inside it ({@code input} null: none). */
    static void checkSeparate(String output, String input, Configuration conf) {
        if (input == null) {
            return;
        }
        Path out = qualify(output, conf);
        Path in = qualify(input, conf);
        if (out.equals(in)) {
            throw new UsageException("--output must differ from --input (both are " + out + ")");
        }
        if (isInside(out, in)) {
            throw new UsageException("--output " + output + " lies inside --input " + input
                    + "; choose an output outside the input");
        }
        if (isInside(in, out)) {
            throw new UsageException("--output " + output + " contains --input " + input
                    + "; choose an output that does not hold the input");
        }
    }

    /**
     * The checks of {@code augment --stream}: the input is a folder (the file source watches it for new files);
     * input, output and checkpoint are three separate folders, none inside another; a checkpoint without progress
     * starts an output that holds no data yet; a checkpoint with progress goes on writing the output it wrote
     * before (a Parquet file sink's holds {@code _spark_metadata}, a Delta table {@code _delta_log}).
     */
    static void checkStream(String input, String output, String checkpoint, OutputFormat format,
                            Configuration conf) {
        Path in = qualify(input, conf);
        Path out = qualify(output, conf);
        Path ck = qualify(checkpoint, conf);
        if (!isDirectory(in, conf)) {
            throw new UsageException("--stream watches a folder for new files, but --input " + input
                    + " is a file; give the folder it lies in");
        }
        separate(out, "--output " + output, in, "--input " + input);
        separate(ck, "--checkpoint " + checkpoint, in, "--input " + input);
        separate(ck, "--checkpoint " + checkpoint, out, "--output " + output);
        boolean started = exists(new Path(ck, "offsets"), conf);
        if (!started && exists(out, conf) && !isEmptyDirectory(out, conf)) {
            throw new UsageException("output " + output + " already holds data but checkpoint " + checkpoint
                    + " has no progress; a stream appends to the output it started: give a new or empty --output,"
                    + " or the --checkpoint that wrote this output");
        }
        // What a stream leaves in its output: a file sink's log, or a Delta table's.
        String log = format == OutputFormat.DELTA ? DeltaPathTable.LOG : "_spark_metadata";
        if (started && !exists(new Path(out, log), conf)) {
            throw new UsageException("checkpoint " + checkpoint + " has progress but output " + output
                    + " holds no output of a stream (no " + log + "); give the --output this checkpoint"
                    + " wrote, or a new --checkpoint to start over");
        }
    }

    private static void separate(Path a, String aName, Path b, String bName) {
        if (a.equals(b) || isInside(a, b) || isInside(b, a)) {
            throw new UsageException(aName + " and " + bName + " must be separate folders, neither inside the"
                    + " other");
        }
    }

    static boolean isDirectory(Path path, Configuration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            return fs.exists(path) && fs.getFileStatus(path).isDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean isEmptyDirectory(Path path, Configuration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            return fs.getFileStatus(path).isDirectory() && fs.listStatus(path).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    static boolean isInside(Path child, Path parent) {
        String c = child.toUri().toString();
        String p = parent.toUri().toString();
        String prefix = p.endsWith("/") ? p : p + "/";
        return c.startsWith(prefix);
    }

    static boolean exists(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts an output that replaces whatever is at {@code output} (checked for --overwrite before): the caller
     * writes to {@link Pending#temporary()}, then commits or closes. See {@link FolderCommit}.
     */
    static Pending begin(String output, Configuration conf) {
        return new Pending(FolderCommit.begin(qualify(output, conf), OutputCommit.Mode.OVERWRITE, conf));
    }

    /** An output being written (the commands whose output is always a folder on a file system with renames). */
    static final class Pending implements AutoCloseable {
        private final FolderCommit commit;

        private Pending(FolderCommit commit) {
            this.commit = commit;
        }

        Path temporary() {
            return commit.temporary();
        }

        /** Makes the finished data the output; the old output, if any, is deleted only once the new one is there. */
        void commit() {
            commit.commit();
        }

        /** Deletes the temporary data unless committed. */
        @Override
        public void close() {
            commit.close();
        }
    }
}
