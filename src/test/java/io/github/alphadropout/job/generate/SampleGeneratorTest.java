package io.github.alphadropout.job.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SampleGeneratorTest {

    @Test
    void generatedSamplesAreStandardNormalAndDeterministic() {
        int n = 200_000;
        double[] x = SampleGenerator.gaussian(3, 0, 17, n);
        double sum = 0;
        double sumSq = 0;
        int beyond2 = 0;
        for (double v : x) {
            sum += v;
            sumSq += v * v;
            if (Math.abs(v) > 2) {
                beyond2++;
            }
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        assertEquals(0, mean, 4 / Math.sqrt(n));
        assertEquals(1, var, 0.02);
        assertEquals(0.0455, (double) beyond2 / n, 0.003, "two-sided tail beyond 2 sigma");
        assertArrayEquals(x, SampleGenerator.gaussian(3, 0, 17, n), "same (seed, column, id), same sample");
        assertFalse(Arrays.equals(x, SampleGenerator.gaussian(3, 0, 18, n)), "rows differ");
        assertFalse(Arrays.equals(x, SampleGenerator.gaussian(3, 1, 17, n)), "columns differ");
        assertEquals(5, SampleGenerator.gaussian(1, 0, 0, 5).length, "odd lengths");
    }
}
