package io.github.alphadropout.notebook;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

import java.nio.charset.StandardCharsets;

/**
 * jjava-jupyter's JupyterIO, of which the kernel uses only the display stream (display_data messages); this
 * subclass exists to point that stream at the running cell, which JupyterIO allows only its subclasses to do.
 * System.out and System.err are {@link CellOutput}'s job.
 */
final class DisplayChannel extends JupyterIO {

    DisplayChannel() {
        super(StandardCharsets.UTF_8);
    }

    void attach(ShellReplyEnvironment cell) {
        setEnv(cell);
    }

    void detach(ShellReplyEnvironment cell) {
        retractEnv(cell);
    }
}
