package io.github.alphadropout.notebook;

import java.util.List;

/**
 * A cell that did not run to its end, as Jupyter's error output shows it: {@code ename} (what kind of failure:
 * the Java exception's class name, or CompilationError), {@code evalue} (its message) and the traceback lines.
 * Every failure names the cell's line (see {@link CellLine}) in its first traceback line.
 */
final class CellFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** ename of code that javac rejects, or that is cut off at the end of the cell. */
    static final String COMPILATION_ERROR = "CompilationError";

    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    CellFailure(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    String ename() {
        return ename;
    }

    String evalue() {
        return evalue;
    }

    List<String> traceback() {
        return traceback;
    }
}
