package io.github.alphadropout.job;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process, as a test sees it: exit code, stdout, stderr. */
public final class Cli {

    public record Outcome(int code, String out, String err) {
        /** The stderr lines, without the JVM's and Spark's own noise. */
        String errLine() {
            return err.strip();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    public static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AlphaDropoutJob.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }
}
