package io.github.alphadropout.notebook;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's entry point, as Jupyter starts it from the kernelspec that notebooks/install-kernel.sh writes:
 * {@code java <Spark's JVM flags> -cp <class path> io.github.alphadropout.notebook.KernelMain <connection file>}.
 * The connection file, written by Jupyter, holds the ports to bind and the key that signs every message.
 */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter starts the kernel and passes the file)");
            System.exit(2);
        }
        // First: whatever starts later (log4j, Scala's Console) must find the streams that reach the notebook.
        CellOutput output = CellOutput.install();
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JavaNotebookKernel kernel = new JavaNotebookKernel(System.getProperty("java.class.path"), output);
        kernel.onStartup();
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
        // Jupyter asked the kernel to shut down and the sockets are closed. Whatever the notebook started may still
        // hold the JVM open (Spark's non-daemon threads when a notebook never calls spark.stop()): end it here.
        System.exit(0);
    }
}
