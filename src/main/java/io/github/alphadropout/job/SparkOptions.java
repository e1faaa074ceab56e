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

package io.github.alphadropout.job;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The options every subcommand shares: where Spark runs, extra Spark settings, the progress bar. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[4] or spark://host:7077. By default spark-submit's, else"
                    + " spark.master in conf/spark-defaults.conf, else local[*].")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A Spark setting, repeatable; it wins over conf/spark-defaults.conf and"
                    + " spark-submit's settings. E.g. spark.sql.shuffle.partitions=8")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--progress", negatable = true,
            description = "Show a progress bar (default: only when the job runs on a terminal; --no-progress "
                    + "turns it off).")
    Boolean progress;

    /** Whether to draw the progress bar: forced either way, else only on an interactive terminal. */
    boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }
}
