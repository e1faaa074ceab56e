package io.github.alphadropout.notebook;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * How the kernel shows images: a {@link BufferedImage}, or an XChart chart (any of its chart types), becomes
 * {@code image/png}, with a {@code text/plain} that gives the size: "&lt;PNG image, 1280 x 460&gt;".
 *
 * <p>jjava-jupyter renders images too, but its text/plain is the image's toString, which holds an identity hash
 * code: every execution of a notebook would then change the saved file. Registering on BufferedImage itself
 * (Renderer picks the most specific type first) puts this rendering in front of it.
 */
final class ImageRendering {

    private static final String XCHART = "org.knowm.xchart.internal.chartpart.Chart";

    private ImageRendering() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(BufferedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register(ImageRendering::render);
        if (onClassPath(XCHART)) {
            XChartRendering.register(renderer);
        }
    }

    static void render(RenderedImage image, RenderContext context) {
        DisplayData out = context.getOutputContainer();
        out.putData(MIMEType.IMAGE_PNG, png(image));
        out.putText("<PNG image, " + image.getWidth() + " x " + image.getHeight() + ">");
    }

    private static String png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, ImageRendering.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Kept apart so that XChart's classes are loaded only when XChart is on the class path. */
    private static final class XChartRendering {

        static void register(Renderer renderer) {
            renderer.createRegistration(Chart.class)
                    .preferring(MIMEType.IMAGE_PNG)
                    .register((chart, context) -> render(BitmapEncoder.getBufferedImage(chart), context));
        }
    }
}
