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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading spark-defaults.conf and choosing the master. */
class JobSessionTest {

    @TempDir
    Path tmp;

    @Test
    void sparkDefaultsAreReadLikeSparksOwnFile() throws IOException {
        Path conf = tmp.resolve("spark-defaults.conf");
        Files.writeString(conf, "# comment\nspark.master    local[3]\nspark.sql.shuffle.partitions=7\n"
                + "   spark.driver.memory  2g  \nnot.spark.thing 1\n");
        Map<String, String> d = JobSession.readDefaults(conf);
        assertEquals(Map.of("spark.master", "local[3]", "spark.sql.shuffle.partitions", "7",
                "spark.driver.memory", "2g"), d);
        assertTrue(JobSession.readDefaults(tmp.resolve("missing.conf")).isEmpty());
    }

    @Test
    void theProjectsOwnConfFilesParse() {
        Path projectConf = Path.of("conf", "spark-defaults.conf");
        Map<String, String> d = JobSession.readDefaults(projectConf);
        assertEquals("false", d.get("spark.ui.showConsoleProgress"));
        assertNull(d.get("spark.master"), "local[*] unless the user sets one");
        assertTrue(Files.isRegularFile(Path.of("conf", "log4j2.properties")));
        assertTrue(Files.isRegularFile(Path.of("conf", "augment.args")));
    }

    @Test
    void masterChoice() throws IOException {
        SparkOptions o = new SparkOptions();
        String before = System.getProperty("spark.master");
        String defaults = System.getProperty(JobSession.DEFAULTS_PROPERTY);
        try {
            System.clearProperty("spark.master");
            System.clearProperty(JobSession.DEFAULTS_PROPERTY);
            assertEquals("local[*]", JobSession.masterToSet(o), "nothing set: local[*]");

            Path conf = tmp.resolve("spark-defaults.conf");
            Files.writeString(conf, "spark.master local[3]\n");
            System.setProperty(JobSession.DEFAULTS_PROPERTY, conf.toString());
            assertNull(JobSession.masterToSet(o), "the conf file decides");

            System.clearProperty(JobSession.DEFAULTS_PROPERTY);
            System.setProperty("spark.master", "spark://cluster:7077");
            assertNull(JobSession.masterToSet(o), "spark-submit decides: the job sets no master of its own");

            o.master = "local[2]";
            assertEquals("local[2]", JobSession.masterToSet(o), "--master wins");
            o.master = null;
            o.conf.put("spark.master", "local[5]");
            assertNull(JobSession.masterToSet(o), "--conf spark.master decides");
        } finally {
            restore("spark.master", before);
            restore(JobSession.DEFAULTS_PROPERTY, defaults);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
