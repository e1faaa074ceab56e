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

package io.github.alphadropout.testing.fs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.net.URI;

/**
 * The local file system under a scheme of its own ({@code SCHEME:///tmp/x} is the file {@code /tmp/x}): the base of
 * the test file systems that change how some reads or writes behave. Register a subclass with
 * {@code fs.SCHEME.impl} (on the Spark side {@code spark.hadoop.fs.SCHEME.impl}); the configuration it was
 * initialized with is its {@link #getConf()}.
 */
public abstract class LocalFileSystemUnderScheme extends RawLocalFileSystem {

    private final String scheme;

    protected LocalFileSystemUnderScheme(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public URI getUri() {
        return URI.create(scheme + ":///");
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        setConf(conf);
    }
}
