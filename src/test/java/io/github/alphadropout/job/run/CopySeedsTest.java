package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.CounterRandom;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopySeedsTest {

    @Test
    void copySeedsFollowTheDocumentedFormula() {
        long s = 42;
        assertEquals(s, CopySeeds.seed(s, 0), "copy 0 is the Transformer with the job seed");
        assertEquals(CounterRandom.mix64(s + CounterRandom.GOLDEN), CopySeeds.seed(s, 1));
        assertEquals(CounterRandom.mix64(s + 5 * CounterRandom.GOLDEN), CopySeeds.seed(s, 5));
        Set<Long> seeds = new HashSet<>();
        for (int k = 0; k < 1000; k++) {
            assertTrue(seeds.add(CopySeeds.seed(s, k)), "distinct seeds");
        }
        assertThrows(IllegalArgumentException.class, () -> CopySeeds.seed(s, -1));
    }
}
