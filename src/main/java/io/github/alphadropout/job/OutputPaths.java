package io.github.alphadropout.job;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;

/**
 * Checks on the input and output paths, and an output that appears only when the job succeeded.
 *
 * <p>Data is written into a hidden sibling folder of the output ({@code .alpha-dropout-tmp-XXXXXXXX/NAME}; Spark
 * and Hadoop skip names that start with a dot) and renamed to the output at the end; on failure the sibling is
 * deleted, so no partial output is ever left at the output path. With {@code --overwrite} the old output is
 * deleted only once the new one is complete.
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
        Path out = qualify(output, conf);
        if (input != null) {
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
        if (!overwrite && exists(out, conf)) {
            throw new UsageException("output " + output + " already exists; add --overwrite to replace it");
        }
    }

    /**
     * The checks of {@code augment --stream}: the input is a folder (the file source watches it for new files);
     * input, output and checkpoint are three separate folders, none inside another; a checkpoint without progress
     * starts an output that holds no data yet; a checkpoint with progress goes on writing the file-sink output it
     * wrote before (which holds {@code _spark_metadata}).
     */
    static void checkStream(String input, String output, String checkpoint, Configuration conf) {
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
        if (started && !exists(new Path(out, "_spark_metadata"), conf)) {
            throw new UsageException("checkpoint " + checkpoint + " has progress but output " + output
                    + " holds no output of a stream (no _spark_metadata); give the --output this checkpoint"
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

    private static boolean isEmptyDirectory(Path path, Configuration conf) {
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
     * Starts an output: the caller writes to {@link Pending#temporary()}, a folder named like the output inside a
     * hidden sibling folder {@code .alpha-dropout-tmp-XXXXXXXX}, then commits or aborts.
     */
    static Pending begin(String output, Configuration conf) {
        Path out = qualify(output, conf);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path scratch = new Path(out.getParent(), ".alpha-dropout-tmp-" + tag);
        return new Pending(out, new Path(scratch, out.getName()), conf);
    }

    /** An output being written. */
    static final class Pending implements AutoCloseable {
        private final Path output;
        private final Path temporary;
        private final Configuration conf;
        private boolean committed;

        private Pending(Path output, Path temporary, Configuration conf) {
            this.output = output;
            this.temporary = temporary;
            this.conf = conf;
        }

        Path temporary() {
            return temporary;
        }

        /**
         * Moves the finished data to the output, replacing an old output (checked for --overwrite before). If the
         * old output was deleted but the move fails, the new data stays where it is, complete, and the failure
         * says where.
         */
        void commit() {
            boolean oldDeleted = false;
            try {
                FileSystem fs = output.getFileSystem(conf);
                if (fs.exists(output)) {
                    if (!fs.delete(output, true)) {
                        throw new IOException("cannot delete the old output " + output);
                    }
                    oldDeleted = true;
                }
                if (!fs.rename(temporary, output)) {
                    throw new IOException("cannot rename " + temporary + " to " + output);
                }
                committed = true;
                fs.delete(temporary.getParent(), true);
            } catch (IOException e) {
                if (oldDeleted && !committed) {
                    committed = true; // keep the new data: it is all there is now
                    throw JobFailure.leaving(e, "the old output was deleted (--overwrite) and the new one is"
                            + " complete at " + temporary + "; move it to " + output + " yourself", null);
                }
                if (committed) {
                    return; // the output is in place; only the empty scratch folder is left
                }
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        /** Deletes the temporary data unless committed. */
        @Override
        public void close() {
            if (committed) {
                return;
            }
            try {
                FileSystem fs = temporary.getFileSystem(conf);
                if (fs.exists(temporary.getParent())) {
                    fs.delete(temporary.getParent(), true);
                }
            } catch (IOException e) {
                // Best effort: the job already failed for a better reason.
            }
        }
    }
}
