package io.github.alphadropout.notebook;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JShell's execution engine for this kernel: runs each compiled snippet in this JVM, on a cell thread.
 *
 * <ul>
 *   <li>In this JVM, because JShell's default engine runs snippets in a second JVM, whose System.out never reaches
 *       the notebook, and because the kernel needs a cell's value as an object (an image to render as PNG), while
 *       JShell's own engines hand values over only as strings.</li>
 *   <li>On a cell thread, not on the thread that reads Jupyter's requests, so that an interrupt request can
 *       interrupt the cell (a waiting Spark job, a sleep) without stopping the kernel's message loop.</li>
 *   <li>The cell thread's context class loader is JShell's, the loader of the notebook's own classes, as the
 *       Scala and Spark shells set it: Spark looks up classes (a lambda of the notebook passed to a Dataset) there.</li>
 * </ul>
 */
final class InKernelExecution extends DirectExecutionControl {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * One thread runs every cell, as one thread runs a REPL (thread-local state, such as Spark's active session
     * and job properties, lives on from cell to cell); another starts only while an interrupted cell goes on.
     */
    private final ExecutorService cellThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            Long.MAX_VALUE, TimeUnit.NANOSECONDS, new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "notebook-cell-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
    private volatile Future<Object> running;
    private volatile Thread runningThread;
    private volatile StackTraceElement[] interruptedAt;
    private Object lastValue;

    /** The provider JShell asks for its engine: always this one. */
    ExecutionControlProvider provider() {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "notebook-kernel";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return InKernelExecution.this;
            }
        };
    }

    /** The value of the last snippet run (null when it had none), once: the next call returns null. */
    Object takeValue() {
        Object value = lastValue;
        lastValue = null;
        return value;
    }

    /**
     * Interrupts the running snippet, if any. The snippet fails at once with an InterruptedException whose stack
     * is where the cell thread was; the thread itself goes on until the code notices the interrupt (code that
     * never waits nor checks runs on: restart the kernel).
     */
    void interrupt() {
        Future<Object> task = running;
        Thread thread = runningThread;
        if (task != null && thread != null) {
            interruptedAt = thread.getStackTrace();
            task.cancel(true);
        }
    }

    @Override
    protected String invoke(Method snippet) throws Exception {
        lastValue = null;
        interruptedAt = null;
        Future<Object> task = cellThreads.submit(() -> {
            Thread.interrupted(); // a pooled thread may carry an interrupt left over from an earlier cell
            runningThread = Thread.currentThread();
            Thread.currentThread().setContextClassLoader(snippet.getDeclaringClass().getClassLoader());
            return snippet.invoke(null);
        });
        running = task;
        try {
            Object value = task.get();
            lastValue = value;
            return valueString(value);
        } catch (ExecutionException e) {
            // InvocationTargetException: the snippet threw, and DirectExecutionControl reports it to JShell.
            Throwable cause = e.getCause();
            throw cause instanceof Exception exception ? exception : new InvocationTargetException(cause);
        } catch (CancellationException e) {
            InterruptedException interrupted = new InterruptedException("the cell was interrupted");
            interrupted.setStackTrace(interruptedAt == null ? new StackTraceElement[0] : interruptedAt);
            throw new InvocationTargetException(interrupted);
        } finally {
            running = null;
            runningThread = null;
        }
    }

    @Override
    public void stop() {
        interrupt();
    }

    @Override
    public void close() {
        cellThreads.shutdownNow();
        super.close();
    }
}
