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

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What the build wrote into the job's build.properties: the version, the artifact and its Spark line. */
public final class JobBuild {

    private static final String RESOURCE = "/io/github/alphadropout/job/build.properties";
    /** Read once: picocli asks for the version and the jar's name many times while it builds the help. */
    private static final Properties PROPERTIES = read();

    private JobBuild() {
    }

    /** The build's properties (a copy); none when run from classes the build did not make. */
    public static Properties properties() {
        Properties copy = new Properties();
        copy.putAll(PROPERTIES);
        return copy;
    }

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = JobBuild.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no properties: callers fall back to "dev"
        }
        return p;
    }

    /** This build's version; "dev" when run from classes the build did not make. */
    public static String version() {
        return PROPERTIES.getProperty("version", "dev");
    }
}
