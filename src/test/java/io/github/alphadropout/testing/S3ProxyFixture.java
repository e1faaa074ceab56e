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

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@link S3ProxyServer} for a test class, in a folder of its own: registered on a static field
 * ({@code @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture(...)}), it starts before the
 * class's {@code @BeforeAll} methods, so that a {@link SparkSessionTest}'s {@code sparkConf()} can hand the session
 * {@link S3ProxyServer#sparkSettings()}, and stops after its {@code @AfterAll} methods, once the session is stopped.
 */
public final class S3ProxyFixture implements BeforeAllCallback, AfterAllCallback {

    private final String bucket;
    private final String identity;
    private final String credential;
    private Path dir;
    private S3ProxyServer server;

    public S3ProxyFixture(String bucket, String identity, String credential) {
        this.bucket = bucket;
        this.identity = identity;
        this.credential = credential;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("alpha-dropout-s3");
        server = S3ProxyServer.start(dir, bucket, identity, credential);
    }

    /** The running server; only between the class's first {@code @BeforeAll} and its last {@code @AfterAll}. */
    public S3ProxyServer server() {
        if (server == null) {
            throw new IllegalStateException("S3Proxy is not running: register the fixture on a static field");
        }
        return server;
    }

    /** {@code s3a://BUCKET/key}. */
    public String s3a(String key) {
        return "s3a://" + bucket + "/" + key;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            dir = null;
        }
    }
}
