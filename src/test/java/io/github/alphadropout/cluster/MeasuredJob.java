package io.github.alphadropout.cluster;


import io.github.alphadropout.job.AlphaDropoutJob;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * A child JVM's main for the memory tests: runs one {@code alpha-dropout} command ({@link AlphaDropoutJob#run}) and
 * then prints one line {@code MEASURED exit=... seconds=... heapPeakMiB=... rssPeakMiB=...}: the exit code, the
 * wall time, the largest heap occupancy seen (sampled every 10 ms and read before every GC, so it includes garbage
 * not yet collected), the largest occupancy right after a GC (what survived it: closer to what the run needs) and
 * the peak resident set size of the JVM (VmHWM).
 */
public final class MeasuredJob {

    public static final String PREFIX = "MEASURED ";

    private MeasuredJob() {
    }

    public static void main(String[] args) {
        AtomicLong peak = new AtomicLong();
        AtomicLong liveAfterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, h) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        com.sun.management.GcInfo info = GarbageCollectionNotificationInfo.from(
                                (CompositeData) n.getUserData()).getGcInfo();
                        peak.accumulateAndGet(heapBytes(info.getMemoryUsageBeforeGc()), Math::max);
                        liveAfterGc.accumulateAndGet(heapBytes(info.getMemoryUsageAfterGc()), Math::max);
                    }
                }, null, null);
            }
        }
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
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
                        + " liveAfterGcMiB=%.0f rssPeakMiB=%.0f heapMaxMiB=%.0f", code, seconds, peak.get() / 1048576.0,
                liveAfterGc.get() / 1048576.0, vmHwmKiB() / 1024.0,
                Runtime.getRuntime().maxMemory() / 1048576.0));
        System.out.flush();
        System.exit(code);
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

    private static long vmHwmKiB() {
        try {
            Matcher m = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/self/status")));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
