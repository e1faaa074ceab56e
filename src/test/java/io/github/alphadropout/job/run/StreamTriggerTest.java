/*
 * Copyright 2026 the spark-alpha-dropout authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.alphadropout.job.run;

import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

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
            assertThrows(IllegalArgumentException.class, () -> StreamTrigger.parse(bad), bad);
        }
    }
}
