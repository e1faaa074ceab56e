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

package io.github.alphadropout.job.run;

import io.github.alphadropout.sql.HandleInvalid;

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
 * @param inputVersion  the table version read, e.g. "version 3" (null: the input is files)
 * @param outputVersion the table and version written, e.g. "Delta table /t version 4" (null: Parquet output)
 * @param skippedCopies copies dropped as invalid, as the run counted them (null: not counted, so inferred)
 */
public record RunSummary(long rowsIn, int copies, long rowsOut, double seconds, long valuesOut, String inputVersion,
                  String outputVersion, Long skippedCopies) {

    public RunSummary(long rowsIn, int copies, long rowsOut, double seconds, long valuesOut) {
        this(rowsIn, copies, rowsOut, seconds, valuesOut, null, null, null);
    }

    /** These numbers, with the table versions read and written. */
    public RunSummary withVersions(String input, String output) {
        return new RunSummary(rowsIn, copies, rowsOut, seconds, valuesOut, input, output, skippedCopies);
    }

    /** These numbers, with the copies the run counted as skipped (invalid). */
    public RunSummary withSkippedCopies(long skipped) {
        return new RunSummary(rowsIn, copies, rowsOut, seconds, valuesOut, inputVersion, outputVersion, skipped);
    }

    /**
     * Rows dropped as invalid (handleInvalid=skip), an invalid input row once per copy: as the run counted them, or
     * when it did not (a stream), rows in x copies - rows out. Negative when more rows came out than the input held,
     * which {@link #inputChanged} reports.
     */
    public long invalidSkipped() {
        return skippedCopies != null ? skippedCopies : rowsIn * copies - rowsOut;
    }

    /**
     * Why these counts cannot come from one reading of the input, or null when they can. The Transformer only ever
     * drops rows, so more rows out than rows in x copies, or (with {@code handleInvalid} error or keep, which drop
     * none) fewer, mean that the input changed between the count and the write: files added, rewritten or removed
     * while the job ran.
     */
    public String inputChanged(HandleInvalid handleInvalid) {
        long expected = rowsIn * copies;
        String counts = String.format(Locale.ROOT, "%,d rows out, %s %,d rows in x %d cop%s = %,d", rowsOut,
                rowsOut > expected ? "more than" : "fewer than", rowsIn, copies, copies == 1 ? "y" : "ies", expected);
        if (rowsOut > expected) {
            return "the input changed while the job ran: " + counts + "; run it again on an input that no job adds"
                    + " files to or rewrites meanwhile";
        }
        if (rowsOut < expected && handleInvalid != HandleInvalid.SKIP) {
            return "the input changed while the job ran: " + counts + ", and --handle-invalid "
                    + handleInvalid.paramValue() + " drops no rows; run it again on an input that no job removes or"
                    + " rewrites files of meanwhile";
        }
        if (skippedCopies != null && rowsOut + skippedCopies != expected) {
            return String.format(Locale.ROOT, "rows were lost: %,d rows out + %,d copies skipped as invalid is not"
                    + " %,d rows in x %d cop%s = %,d; the input changed while the job ran, or rows were lost on the"
                    + " way; run it again on an input that no job changes meanwhile", rowsOut, skippedCopies, rowsIn,
                    copies, copies == 1 ? "y" : "ies", expected);
        }
        if (rowsIn > 0 && rowsOut == 0) {
            return String.format(Locale.ROOT, "every one of the %,d input rows is invalid (its sample does not fit"
                    + " --shape or holds nulls) and was skipped; check --shape and --column against the data"
                    + " (--handle-invalid error fails on the first invalid row and says why)", rowsIn);
        }
        return null;
    }

    public double rowsPerSecond() {
        return seconds > 0 ? rowsOut / seconds : 0;
    }

    public double valuesPerSecond() {
        return seconds > 0 ? valuesOut / seconds : 0;
    }

    public void print(PrintWriter out, String title) {
        out.println(title);
        out.println(String.format(Locale.ROOT, "  rows in               %,d", rowsIn));
        out.println(String.format(Locale.ROOT, "  rows out              %,d  (%d cop%s of each row)", rowsOut, copies,
                copies == 1 ? "y" : "ies"));
        out.println(String.format(Locale.ROOT, "  invalid rows skipped  %,d", invalidSkipped()));
        out.println(String.format(Locale.ROOT, "  time                  %.1f s", seconds));
        out.println(String.format(Locale.ROOT, "  throughput            %,.0f rows/s, %,.1f M values/s", rowsPerSecond(),
                valuesPerSecond() / 1e6));
        if (inputVersion != null) {
            out.println("  input version         " + inputVersion);
        }
        if (outputVersion != null) {
            out.println("  output version        " + outputVersion);
        }
        out.flush();
    }
}
