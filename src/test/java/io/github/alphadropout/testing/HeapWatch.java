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

package io.github.alphadropout.testing;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM's heap, for the mains of child JVMs that measure a job (the memory tests' and benchmarks'): the
 * largest heap occupancy seen, sampled every 10 ms and read right before every GC (so it includes garbage not yet
 * collected), and the largest occupancy right after a GC (what survived it: live data plus the garbage a young GC
 * leaves, closer to what the run needs). Also the process's peak resident set size.
 */
public final class HeapWatch {

    private static final long SAMPLE_MILLIS = 10;

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong maxLiveAfterGc = new AtomicLong();

    private HeapWatch() {
    }

    /** Starts watching: a listener on every collector's notifications and a daemon thread that samples. */
    public static HeapWatch start() {
        HeapWatch watch = new HeapWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                            .equals(notification.getType())) {
                        return;
                    }
                    GcInfo info = GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData()).getGcInfo();
                    watch.peakUsed.accumulateAndGet(heapBytes(info.getMemoryUsageBeforeGc()), Math::max);
                    watch.maxLiveAfterGc.accumulateAndGet(heapBytes(info.getMemoryUsageAfterGc()), Math::max);
                }, null, null);
            }
        }
        Thread sampler = new Thread(() -> {
            while (true) {
                watch.sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
        return watch;
    }

    private void sample() {
        peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    private static long heapBytes(Map<String, MemoryUsage> byPool) {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = byPool.get(pool.getName());
            if (pool.getType() == MemoryType.HEAP && usage != null) {
                bytes += usage.getUsed();
            }
        }
        return bytes;
    }

    /** The largest heap occupancy so far (now included), in MiB. */
    public double peakUsedMiB() {
        sample();
        return peakUsed.get() / 1048576.0;
    }

    /** The largest heap occupancy right after a GC so far, in MiB; 0 before the first GC. */
    public double maxLiveAfterGcMiB() {
        return maxLiveAfterGc.get() / 1048576.0;
    }

    /** This process's peak resident set size (VmHWM in /proc/self/status), in MiB; NaN where there is none. */
    public static double rssPeakMiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).findFirst()
                    .map(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024.0).orElse(Double.NaN);
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }
}
