package io.github.alphadropout.notebook;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * What notebook code calls to show something in the middle of a cell. The kernel imports
 * {@code display(Object)} into every notebook, as the JJava and IJava kernels do:
 *
 * <pre>{@code
 * display(chart);            // an XChart chart, shown as a PNG image
 * display(image);            // a java.awt.image.BufferedImage, shown as a PNG image
 * display("any text");       // anything else, shown as String.valueOf(value)
 * }</pre>
 *
 * A cell's last expression is shown the same way without it: a cell that ends with {@code chart} shows the chart.
 */
public final class Display {

    private Display() {
    }

    /** Shows the value below the running cell, now, as a Jupyter display_data output. */
    public static void display(Object value) {
        BaseKernel kernel = BaseKernel.notebookKernel();
        kernel.display(value == null ? new DisplayData("null") : kernel.getRenderer().render(value));
    }
}
