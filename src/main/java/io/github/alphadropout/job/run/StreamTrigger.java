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

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code augment --stream --trigger}: when micro-batches run.
 *
 * <ul>
 *   <li>{@code available-now} (default): everything in the input folder now, in as many micro-batches as
 *       {@code --max-files-per-trigger} asks for, then stop;</li>
 *   <li>{@code once}: everything in the input folder now, in one micro-batch, then stop (Spark deprecates it in
 *       favour of available-now);</li>
 *   <li>{@code processing-time=DURATION}, e.g. {@code processing-time=10s}: a micro-batch every DURATION
 *       ({@code ms}, {@code s}, {@code m} or {@code h}; a bare number is seconds) for the new files, until the
 *       job is stopped (Ctrl-C).</li>
 * </ul>
 *
 * @param text   the option as given, normalised
 * @param millis the interval of {@code processing-time}, else 0
 */
public record StreamTrigger(String text, long millis) {

    static final StreamTrigger AVAILABLE_NOW = new StreamTrigger("available-now", 0);
    static final StreamTrigger ONCE = new StreamTrigger("once", 0);

    private static final Pattern PROCESSING_TIME = Pattern.compile("processing-?time\\s*[=:]\\s*(\\d+)\\s*"
            + "(ms|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)?");

    /** Whether the query ends by itself (once, available-now) rather than running until it is stopped. */
    public boolean ends() {
        return millis == 0;
    }

    public Trigger trigger() {
        if (this.equals(AVAILABLE_NOW)) {
            return Trigger.AvailableNow();
        }
        if (this.equals(ONCE)) {
            @SuppressWarnings("deprecation")
            Trigger once = Trigger.Once();
            return once;
        }
        return Trigger.ProcessingTime(millis);
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * @throws IllegalArgumentException with a one-line reason
     */
    public static StreamTrigger parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "available-now", "availablenow", "available_now":
                return AVAILABLE_NOW;
            case "once":
                return ONCE;
            default:
                break;
        }
        Matcher m = PROCESSING_TIME.matcher(text);
        if (m.matches()) {
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                amount = -1;
            }
            String unit = m.group(2) == null ? "s" : m.group(2);
            long scale = switch (unit.charAt(0)) {
                case 'h' -> 3_600_000L;
                case 'm' -> unit.startsWith("ms") || unit.startsWith("mil") ? 1L : 60_000L;
                default -> 1_000L;
            };
            if (amount > 0 && amount <= Long.MAX_VALUE / scale) {
                return new StreamTrigger("processing-time=" + m.group(1) + unit, amount * scale);
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a trigger; give available-now, once"
                + " or processing-time=DURATION with a positive DURATION such as 500ms, 10s, 5m or 1h");
    }
}
