package io.github.alphadropout.job.table;

import io.github.alphadropout.job.run.UsageException;

/**
 * The jars a table format needs, and the {@code --packages} coordinates that bring them for the running Spark:
 * Delta Lake and Iceberg each publish builds for particular Spark releases. The job does not bundle them (they are
 * large, and a cluster may bring its own); {@code bin/alpha-dropout} has the ones built for its Spark on its
 * classpath.
 */
public final class TablePackages {

    private TablePackages() {
    }

    /** The Spark release the job runs on, e.g. "4.0.1". */
    public static String sparkVersion() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

    public static String scalaBinary() {
        return scala.util.Properties.versionNumberString().startsWith("2.12") ? "2.12" : "2.13";
    }

    /** Delta Lake's build for this Spark (the pairs Delta publishes). */
    public static String deltaPackage() {
        String spark = sparkVersion();
        String delta = spark.startsWith("3.5") ? "3.3.2" : spark.startsWith("4.0") ? "4.0.1"
                : spark.startsWith("4.1") ? "4.1.0" : spark.startsWith("4.2") ? "4.4.0" : null;
        return delta == null ? "io.delta:delta-spark_" + scalaBinary() + ":<the Delta release built for Spark "
                + spark + ">" : "io.delta:delta-spark_" + scalaBinary() + ":" + delta;
    }

    /**
     * Iceberg's Spark runtime for this Spark: its 3.5 runtime, or its 4.0 runtime on Spark 4.0 and 4.1 (where it
     * works). No runtime runs on Spark 4.2 yet (the 4.0 and 4.1 ones fail with IncompatibleClassChangeError).
     */
    static String icebergPackage() {
        String spark = sparkVersion();
        if (!spark.startsWith("3.5") && !spark.startsWith("4.0") && !spark.startsWith("4.1")) {
            return "<an Iceberg runtime built for Spark " + spark + "; none was published for it when this job was"
                    + " built>";
        }
        String line = spark.startsWith("3.5") ? "3.5" : "4.0";
        return "org.apache.iceberg:iceberg-spark-runtime-" + line + "_" + scalaBinary() + ":1.10.0";
    }

    /**
     * Refuses a table format whose class {@code className} is not on the classpath, saying which package to add
     * and where.
     */
    public static void require(String className, String option, String format, String pkg) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class.forName(className, false, loader != null ? loader : TablePackages.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageException(option + " needs " + format + " on the classpath, which this Spark does not"
                    + " have: add it with spark-submit --packages " + pkg + " (bin/alpha-dropout has it)");
        }
    }
}
