package io.github.alphadropout.notebook;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * System.out and System.err of the kernel's JVM. While a cell runs, what any thread prints goes to that cell as
 * Jupyter "stream" messages, stdout and stderr in the order they were written; between cells it goes to the
 * kernel's own stdout and stderr (the terminal Jupyter runs in).
 *
 * <p>The two streams are replaced once, when the kernel starts, and never again: libraries keep the stream they
 * find when they start (Scala's Console, through which Spark's {@code Dataset.show()} prints; log4j's and
 * java.util.logging's console handlers), and a stream replaced per cell would leave their output behind.
 *
 * <p>Text is sent in batches, every {@value #FLUSH_INTERVAL_MS} ms and when the cell ends, as ipykernel does,
 * rather than a message per println (a table of a thousand lines would be a thousand messages).
 */
final class CellOutput {

    static final long FLUSH_INTERVAL_MS = 100;

    /** Text printed to one stream and not sent yet. */
    private record Chunk(boolean stderr, ByteArrayOutputStream bytes) {
    }

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final List<Chunk> pending = new ArrayList<>();
    private ShellReplyEnvironment cell;

    private CellOutput(PrintStream originalOut, PrintStream originalErr) {
        this.originalOut = originalOut;
        this.originalErr = originalErr;
    }

    /** Replaces System.out and System.err; call it before anything else in the JVM looks at them. */
    static CellOutput install() {
        CellOutput output = new CellOutput(System.out, System.err);
        System.setOut(new PrintStream(output.stream(false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(output.stream(true), true, StandardCharsets.UTF_8));
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "notebook-output-flusher");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(output::flush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
        return output;
    }

    /** From now on, what is printed goes to this cell. */
    synchronized void startCell(ShellReplyEnvironment env) {
        flush();
        cell = env;
    }

    /** Sends what the cell printed and not sent yet; from now on, printed text goes to the terminal again. */
    void endCell() {
        // Outside our lock: a printing thread holds its PrintStream's lock, then asks for ours.
        System.out.flush();
        System.err.flush();
        synchronized (this) {
            flush();
            cell = null;
        }
    }

    /**
     * Sends everything printed so far, in order. PrintStream hands its encoder's output over in whole characters,
     * so no UTF-8 sequence is split between two sends.
     */
    synchronized void flush() {
        for (Chunk chunk : pending) {
            String text = chunk.bytes().toString(StandardCharsets.UTF_8);
            if (chunk.stderr()) {
                cell.writeToStdErr(text);
            } else {
                cell.writeToStdOut(text);
            }
        }
        pending.clear();
    }

    private synchronized void write(boolean stderr, byte[] b, int off, int len) {
        if (cell == null) {
            (stderr ? originalErr : originalOut).write(b, off, len);
            return;
        }
        Chunk last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
        if (last == null || last.stderr() != stderr) {
            last = new Chunk(stderr, new ByteArrayOutputStream());
            pending.add(last);
        }
        last.bytes().write(b, off, len);
    }

    private OutputStream stream(boolean stderr) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                CellOutput.this.write(stderr, b, off, len);
            }

            @Override
            public void flush() {
                (stderr ? originalErr : originalOut).flush();
            }
        };
    }
}
