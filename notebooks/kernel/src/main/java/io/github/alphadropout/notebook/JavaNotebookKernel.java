package io.github.alphadropout.notebook;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The kernel as Jupyter sees it. jjava-jupyter's BaseKernel speaks the protocol (sockets, signed messages,
 * kernel_info, shutdown, interrupt and comm messages); this class runs cells and answers completion and inspection
 * requests.
 *
 * <p>A cell runs as Jupyter kernels run it: execute_input, then the cell's printed text ("stream"), its
 * display_data and, when the cell ends with an expression, execute_result, or else an "error" output; then
 * execute_reply with status "ok" or "error" (which is what stops nbconvert --execute).
 */
public final class JavaNotebookKernel extends BaseKernel {

    /** The kernelspec name: notebooks name it in their metadata, notebooks/install-kernel.sh installs it. */
    public static final String KERNEL_NAME = "alpha-dropout-java";
    private static final String VERSION = "0.1.0";

    /** Every notebook gets display(Object), as in JJava and IJava (see {@link Display}). */
    private static final String PREAMBLE = "import static " + Display.class.getName() + ".display;";

    private final CellOutput output;
    private final DisplayChannel displays;
    private final CellEvaluator evaluator;
    private final CodeAssist assist;

    /**
     * A kernel whose cells compile against the given class path (the JVM's own: cells run in this JVM) and print
     * into the given output (see {@link CellOutput#install()}).
     */
    JavaNotebookKernel(String classPath, CellOutput output) {
        this(output, new DisplayChannel(), renderer(), new CellEvaluator(classPath));
    }

    private JavaNotebookKernel(CellOutput output, DisplayChannel displays, Renderer renderer, CellEvaluator evaluator) {
        super(KERNEL_NAME, VERSION, languageInfo(), List.of(), null, displays, new CommManager(), renderer,
                null, new MagicsRegistry(), false, new StringStyler.Builder().build());
        this.output = output;
        this.displays = displays;
        this.evaluator = evaluator;
        this.assist = new CodeAssist(evaluator::analysis);
        try {
            evaluator.evaluate(PREAMBLE, 0);
        } catch (CellFailure e) {
            throw new IllegalStateException("the kernel's preamble failed: " + e.getMessage(), e);
        }
    }

    private static Renderer renderer() {
        Renderer renderer = new Renderer();
        ImageRendering.register(renderer);
        return renderer;
    }

    private static LanguageInfo languageInfo() {
        // As JJava describes Java; JupyterLab picks its Java syntax highlighting from these.
        return new LanguageInfo.Builder("java")
                .version(String.valueOf(Runtime.version().feature()))
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("java")
                .build();
    }

    /**
     * Runs a cell. Overridden rather than inherited: BaseKernel's version names an error after the Java class of
     * whatever it caught and sends System.out line by line; here the error is the notebook's own exception,
     * named by the cell's line, and the text goes out in batches ({@link CellOutput}).
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));

        Object value = null;
        CellFailure failure = null;
        displays.attach(env);
        output.startCell(env);
        try {
            value = evaluator.evaluate(request.getCode(), count);
        } catch (CellFailure e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = kernelFailure(e);
        } finally {
            output.endCell();
        }
        try {
            if (failure == null && value != null) {
                env.publish(new PublishExecuteResult(count, getRenderer().render(value)));
            }
        } catch (RuntimeException e) {
            failure = kernelFailure(e); // e.g. a toString() that throws
        } finally {
            displays.detach(env);
        }

        if (failure == null) {
            env.defer().reply(new ExecuteReply(count, Map.of()));
        } else {
            env.publish(new PublishError(failure.ename(), failure.evalue(), failure.traceback()));
            ErrorReply reply = new ErrorReply(failure.ename(), failure.evalue(), failure.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    /** A failure of the kernel's own code while running a cell: reported in the cell, with the Java trace. */
    private static CellFailure kernelFailure(RuntimeException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return new CellFailure(e.getClass().getName(), String.valueOf(e.getMessage()),
                List.of(("kernel error: " + trace).split("\n")));
    }

    /** display() output goes after what the cell has printed so far, as it was printed before. */
    @Override
    public void display(DisplayData data) {
        output.flush();
        super.display(data);
    }

    /**
     * BaseKernel's eval route, for jjava's notebook statics (eval from inside a cell), which this kernel does not
     * offer: JShell cannot evaluate a snippet while it is running one. Cells come through handleExecuteRequest.
     */
    @Override
    public Object evalRaw(String source) {
        throw new UnsupportedOperationException("this kernel evaluates code only as cells");
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return assist.inspect(code, at);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return assist.complete(code, at);
    }

    @Override
    public String isComplete(String code) {
        return assist.isComplete(code);
    }

    /**
     * kernel_info_reply with the "status": "ok" that the protocol asks of every reply and jjava-jupyter 1.0-a6
     * leaves out (JupyterLab assumes it; a stricter client would not).
     */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new KernelInfoOk(getLanguageInfo(), getBanner()));
    }

    private static final class KernelInfoOk extends KernelInfoReply {
        @SuppressWarnings("unused") // serialized into the reply
        private final String status = "ok";

        KernelInfoOk(LanguageInfo languageInfo, String banner) {
            super(Header.PROTOCOL_VERISON, KERNEL_NAME, VERSION, languageInfo, banner, List.of());
        }
    }

    /** Jupyter's interrupt_request (the kernelspec asks for interrupts as messages, not signals). */
    @Override
    public void interrupt() {
        evaluator.interrupt();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        evaluator.close();
    }
}
