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

import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's paths on Hadoop's file systems: qualified, queried (exists, folder, empty), compared (input, output,
 * report and checkpoint never overlap, however they are spelled), and refused when they hold credentials.
 */
public final class OutputPaths {

    private OutputPaths() {
    }

    /** A URI's user information ({@code s3a://KEY:SECRET@bucket/...}): what {@link #redact} hides. */
    private static final java.util.regex.Pattern USER_INFO =
            java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]*@");

    /**
     * Refuses a path that holds credentials as a URI's user information, before any file system sees it (Hadoop
     * would print them in its own warnings); the message shows the path redacted and says where credentials go.
     */
    public static void refuseCredentials(String flag, String path) {
        if (path != null && USER_INFO.matcher(path).find()) {
            throw new UsageException(flag + " " + redact(path) + " holds credentials (the part before '@'), which"
                    + " would be shown in logs and messages; give the path without them, and the credentials with"
                    + " --conf spark.hadoop.fs.s3a.access.key=... --conf spark.hadoop.fs.s3a.secret.key=... or a"
                    + " credentials provider (spark.hadoop.fs.s3a.aws.credentials.provider, e.g. the environment's"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }
    }

    /** {@code text} with the user information of every URI in it replaced by {@code ***}. */
    public static String redact(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1***@");
    }

    /** Whether a path is on the local file system for sure (file: scheme, or no scheme under a local master). */
    public static boolean isLocal(String path, String master) {
        URI uri = new Path(path).toUri();
        if (uri.getScheme() != null) {
            return uri.getScheme().equals("file");
        }
        return master != null && master.startsWith("local");
    }

    public static Path qualify(String path, Configuration conf) {
        Path p = new Path(path);
        try {
            return p.getFileSystem(conf).makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }

    /** A local Hadoop configuration for checks made before Spark starts. */
    public static Configuration localConf() {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", "file:///");
        return conf;
    }

    /** Refuses a missing input. */
    public static void checkInput(String input, Configuration conf) {
        Path in = qualify(input, conf);
        if (!exists(in, conf)) {
            throw new UsageException("input " + input + " does not exist");
        }
    }

    /** Refuses an output that equals the input or contains it or lies inside it ({@code input} null: none). */
    public static void checkSeparate(String output, String input, Configuration conf) {
        if (input != null) {
            checkApart(conf, new Named("--output", output), new Named("--input", input));
        }
    }

    /** A path of the run and the flag that gave it (e.g. "--input"). */
    public record Named(String flag, String path, String location) {

        public Named(String flag, String path) {
            this(flag, path, path);
        }

        /** A local folder ({@code --report}): always on the local disk, whatever the default file system. */
        public static Named local(String flag, java.nio.file.Path path) {
            return new Named(flag, path.toString(), new Path("file", null, path.toAbsolutePath().toString())
                    .toString());
        }
    }

    /**
     * Refuses any two of {@code paths} (null entries are skipped) that are the same folder or one inside the other,
     * in either direction: a run that writes (or moves aside, or deletes) one would touch the other. Paths are
     * compared as their file system qualifies them ({@code /p}, {@code file:/p} and {@code file:///p/} are one
     * folder), and on the local disk with links resolved.
     */
    public static void checkApart(Configuration conf, Named... paths) {
        List<Named> given = new ArrayList<>();
        List<Path> resolved = new ArrayList<>();
        for (Named n : paths) {
            if (n != null && n.path() != null) {
                given.add(n);
                resolved.add(comparable(n.location(), conf));
            }
        }
        for (int i = 0; i < given.size(); i++) {
            for (int j = i + 1; j < given.size(); j++) {
                String relation = relation(resolved.get(i), resolved.get(j));
                if (relation != null) {
                    Named a = given.get(i);
                    Named b = given.get(j);
                    throw new UsageException(a.flag() + " " + a.path() + shown(a.path(), resolved.get(i)) + " "
                            + relation + " " + b.flag() + " " + b.path() + shown(b.path(), resolved.get(j))
                            + "; input, output, report and checkpoint must be separate folders, none inside"
                            + " another");
                }
            }
        }
    }

    /** "is the same folder as", "lies inside", "contains", or null when neither holds the other. */
    private static String relation(Path a, Path b) {
        if (sameFolder(a, b)) {
            return "is the same folder as";
        }
        if (isInside(a, b)) {
            return "lies inside";
        }
        return isInside(b, a) ? "contains" : null;
    }

    /** " (that is REAL)" when the spelled path is not what it resolves to, so the message shows why. */
    private static String shown(String spelled, Path resolved) {
        String plain = resolved.toUri().getPath();
        return spelled.equals(plain) || spelled.equals(resolved.toString()) ? "" : " (that is " + plain + ")";
    }

    /**
     * The path as its file system qualifies it, normalised; on the local disk with every link resolved (the
     * deepest part that exists is resolved, the rest appended).
     */
    static Path comparable(String path, Configuration conf) {
        Path qualified = qualify(path, conf);
        URI uri = qualified.toUri();
        if (!"file".equals(uri.getScheme())) {
            return qualified;
        }
        java.nio.file.Path local = java.nio.file.Paths.get(uri.getPath()).toAbsolutePath().normalize();
        java.nio.file.Path existing = local;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return qualified;
        }
        try {
            java.nio.file.Path real = existing.toRealPath().resolve(existing.relativize(local));
            return new Path("file", null, real.toString());
        } catch (IOException e) {
            return qualified;
        }
    }

    public static boolean isDirectory(Path path, Configuration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            return fs.exists(path) && fs.getFileStatus(path).isDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    public static boolean isEmptyDirectory(Path path, Configuration conf) {
        try {
            FileSystem fs = path.getFileSystem(conf);
            return fs.getFileStatus(path).isDirectory() && fs.listStatus(path).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code child} lies inside {@code parent}: same scheme and authority (as qualified paths have them),
     * and the parent's path segments a proper prefix of the child's.
     */
    static boolean isInside(Path child, Path parent) {
        List<String> c = segments(child);
        List<String> p = segments(parent);
        return sameStore(child, parent) && c.size() > p.size() && c.subList(0, p.size()).equals(p);
    }

    static boolean sameFolder(Path a, Path b) {
        return sameStore(a, b) && segments(a).equals(segments(b));
    }

    private static boolean sameStore(Path a, Path b) {
        URI x = a.toUri();
        URI y = b.toUri();
        return java.util.Objects.equals(lower(x.getScheme()), lower(y.getScheme()))
                && java.util.Objects.equals(lower(x.getAuthority()), lower(y.getAuthority()));
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<String> segments(Path p) {
        String path = p.toUri().getPath();
        List<String> out = new ArrayList<>();
        for (String part : (path == null ? "" : path).split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                out.add(part);
            }
        }
        return out;
    }

    public static boolean exists(Path path, Configuration conf) {
        try {
            return path.getFileSystem(conf).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
        }
    }
}
