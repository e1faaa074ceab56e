package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import org.junit.jupiter.api.Test;

import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Messages and reports spell settings as the command line takes them. */
class OptionTextTest {

    @Test
    void enumValuesInLowerCaseWithDashes() {
        assertEquals("feature", OptionText.of(DropoutMode.FEATURE));
        assertEquals("create-new", OptionText.of(StandardOpenOption.CREATE_NEW));
        assertEquals("iceberg", InputFormat.ICEBERG.toString());
        assertEquals("delta", OutputFormat.DELTA.toString());
    }

    @Test
    void shapesAsCommaSeparatedDimensions() {
        assertEquals("8,2,8,8", OptionText.shape(SampleShape.of(8, 2, 8, 8)));
        assertEquals("3,-1", OptionText.shape(SampleShape.of(3, -1)));
    }
}
