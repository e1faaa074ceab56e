package io.github.alphadropout.job.augment;

import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamTriggerTest {

    @Test
    void streamTriggersParse() {
        assertEquals(StreamTrigger.AVAILABLE_NOW, StreamTrigger.parse("available-now"));
        assertEquals(StreamTrigger.AVAILABLE_NOW, StreamTrigger.parse(" Available-Now "));
        assertEquals(StreamTrigger.ONCE, StreamTrigger.parse("once"));
        assertTrue(StreamTrigger.AVAILABLE_NOW.ends() && StreamTrigger.ONCE.ends());
        assertEquals(10_000L, StreamTrigger.parse("processing-time=10s").millis());
        assertEquals(10_000L, StreamTrigger.parse("processing-time=10").millis(), "a bare number is seconds");
        assertEquals(500L, StreamTrigger.parse("processing-time=500ms").millis());
        assertEquals(300_000L, StreamTrigger.parse("processingTime=5 minutes").millis());
        assertEquals(3_600_000L, StreamTrigger.parse("processing-time=1h").millis());
        assertEquals("processing-time=10s", StreamTrigger.parse("processing-time=10s").toString());
        assertFalse(StreamTrigger.parse("processing-time=10s").ends());
        assertEquals(Trigger.ProcessingTime(10_000L), StreamTrigger.parse("processing-time=10s").trigger());
        assertEquals(Trigger.AvailableNow(), StreamTrigger.AVAILABLE_NOW.trigger());
        for (String bad : new String[] {"", "continuous", "processing-time=", "processing-time=0s",
                "processing-time=-1s", "processing-time=10 fortnights", "processing-time=99999999999999999999"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> StreamTrigger.parse(bad), bad);
        }
    }
}
