package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.SampleShape;

import java.util.Locale;

/**
 * How settings are spelled on the command line, so that messages and reports speak the user's own words; the CLI's
 * converters parse the same spellings.
 */
public final class OptionText {

    private OptionText() {
    }

    /** The command-line spelling of a constant: {@code AVAILABLE_NOW} is {@code available-now}. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code 8,2,8,8}: the command-line form of a shape. */
    public static String shape(SampleShape shape) {
        StringBuilder b = new StringBuilder();
        for (int d : shape.dims()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(d);
        }
        return b.toString();
    }
}
