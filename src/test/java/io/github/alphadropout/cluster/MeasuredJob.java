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

package io.github.alphadropout.cluster;

import io.github.alphadropout.job.AlphaDropoutJob;
import io.github.alphadropout.testing.HeapWatch;

import java.util.Locale;

/**
 * A child JVM's main for the memory tests: runs one {@code alpha-dropout} command ({@link AlphaDropoutJob#run}) and
 * then prints one line {@code MEASURED exit=... seconds=... heapPeakMiB=... rssPeakMiB=...}: the exit code, the
 * wall time, and what {@link HeapWatch} saw: the largest heap occupancy, the largest right after a GC and the peak
 * resident set size of the JVM.
 */
public final class MeasuredJob {

    public static final String PREFIX = "MEASURED ";

    private MeasuredJob() {
    }

    public static void main(String[] args) {
        HeapWatch heap = HeapWatch.start();
        long start = System.nanoTime();
        int code;
        try {
            code = AlphaDropoutJob.run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            code = 99;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(PREFIX + String.format(Locale.ROOT, "exit=%d seconds=%.1f heapPeakMiB=%.0f"
                        + " liveAfterGcMiB=%.0f rssPeakMiB=%.0f heapMaxMiB=%.0f", code, seconds, heap.peakUsedMiB(),
                heap.maxLiveAfterGcMiB(), HeapWatch.rssPeakMiB(),
                Runtime.getRuntime().maxMemory() / 1048576.0));
        System.out.flush();
        System.exit(code);
    }
}
