package io.github.alphadropout.job;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The numbers printed at the end of a command (and shown in the report).
 *
 * @param rowsIn      rows read from the input
 * @param copies      copies written per input row
 * @param rowsOut     rows in the output
 * @param seconds     wall time of the work, Spark start-up excluded
 * @param valuesOut   tensor elements written (rows x sample length, summed over the augmented columns)
 */
record RunSummary(long rowsIn, int copies, long rowsOut, double seconds, long valuesOut) {

    /** Rows the Transformer dropped as invalid (handleInvalid=skip): rows in x copies - rows out. */
    long invalidSkipped() {
        return Math.max(0, rowsIn * copies - rowsOut);
    }

    double rowsPerSecond() {
        return seconds > 0 ? rowsOut / seconds : 0;
    }

    double valuesPerSecond() {
        return seconds > 0 ? valuesOut / seconds : 0;
    }

    void print(PrintWriter out, String title) {
        out.println(title);
        out.println(String.format(Locale.ROOT, "  rows in               %,d", rowsIn));
        out.println(String.format(Locale.ROOT, "  rows out              %,d  (%d cop%s of each row)", rowsOut, copies,
                copies == 1 ? "y" : "ies"));
        out.println(String.format(Locale.ROOT, "  invalid rows skipped  %,d", invalidSkipped()));
        out.println(String.format(Locale.ROOT, "  time                  %.1f s", seconds));
        out.println(String.format(Locale.ROOT, "  throughput            %,.0f rows/s, %,.1f M values/s", rowsPerSecond(),
                valuesPerSecond() / 1e6));
        out.flush();
    }
}
