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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 endpoint on 127.0.0.1 for tests: S3Proxy (its jar with its dependencies, which the build copies to
 * {@code spark/target/s3proxy/}, named by the system property {@value #JAR_PROPERTY}) in a JVM of its own, keeping
 * objects in its memory (jclouds' transient provider), with AWS signature authentication. Its file-based providers
 * cannot serve S3A: jclouds' {@code filesystem} provider leaves empty folders behind, which it then lists as
 * prefixes that S3 would not have, and S3Proxy's {@code filesystem-nio2} keeps an object {@code a} and a folder
 * marker {@code a/} as one folder on disk, so S3A's magic committer fails deleting its task folders (HTTP 500,
 * DirectoryNotEmptyException). It logs every request with its headers and the time it arrived (S3Proxy's own
 * TRACE logging) to a file, which {@link #requests()} reads back: what the server received, not what a client
 * thinks it sent.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String JAR_PROPERTY = "alphadropout.s3proxyJar";

    /** One request as S3Proxy logged it, with the time it arrived (epoch milliseconds). */
    public record Request(String method, String url, Map<String, String> headers, long millis) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** An object copy (server-side copy: a PUT with x-amz-copy-source, whole object or upload part). */
        public boolean isCopy() {
            return header("x-amz-copy-source") != null;
        }

        /** The bytes of data the request uploads (aws-chunked bodies: the decoded length). */
        public long uploadedBytes() {
            if (!method.equals("PUT") || isCopy()) {
                return 0;
            }
            String decoded = header("x-amz-decoded-content-length");
            String length = decoded != null ? decoded : header("content-length");
            return length == null ? 0 : Long.parseLong(length.trim());
        }

        /** The object key, without the bucket. */
        public String key(String bucket) {
            String path = java.net.URI.create(url).getPath();
            String prefix = "/" + bucket + "/";
            return path.startsWith(prefix) ? java.net.URLDecoder.decode(path.substring(prefix.length()),
                    java.nio.charset.StandardCharsets.UTF_8) : "";
        }
    }

    public final String bucket;
    public final String identity;
    public final String credential;
    public final int port;
    private final Path dir;
    private final Path log;
    private final Process process;

    private S3ProxyServer(String bucket, String identity, String credential, int port, Path dir, Path log,
                          Process process) {
        this.bucket = bucket;
        this.identity = identity;
        this.credential = credential;
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /** Starts S3Proxy with one bucket and a heap of 256 MiB, and waits until it accepts connections. */
    public static S3ProxyServer start(Path dir, String bucket, String identity, String credential) throws IOException,
            InterruptedException {
        return start(dir, bucket, identity, credential, "256m");
    }

    /**
     * Starts S3Proxy with one bucket and the given heap ({@code -Xmx}: it holds every object, and a multipart upload
     * twice while it completes), and waits until it accepts connections.
     */
    public static S3ProxyServer start(Path dir, String bucket, String identity, String credential, String heap)
            throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY, "target/s3proxy/s3proxy-2.6.0-jar-with-dependencies.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy's jar is missing (" + jar + "); run the tests through Maven,"
                    + " which copies it to spark/target/s3proxy/");
        }
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + identity,
                "s3proxy.credential=" + credential,
                "jclouds.provider=transient", ""));
        Path log = dir.resolve("requests.log");
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%thread|%%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}|%%msg%%n</pattern></encoder>
                  </appender>
                  <logger name="org.gaul.s3proxy" level="TRACE"/>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(log));
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-Dlogback.configurationFile=" + logback, "-cp", jar, "org.gaul.s3proxy.Main",
                "--properties", properties.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.out").toFile()).start();
        S3ProxyServer server = new S3ProxyServer(bucket, identity, credential, port, dir, log, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                server.createBucket();
                return server;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IllegalStateException("S3Proxy did not start: "
                            + Files.readString(dir.resolve("s3proxy.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Creates the bucket: an unsigned PUT is refused, so this signs it (AWS signature version 2, which S3Proxy
     * accepts beside version 4). */
    private void createBucket() throws IOException {
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        String toSign = "PUT\n\n\n" + date + "\n/" + bucket;
        String signature;
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(credential.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "HmacSHA1"));
            signature = java.util.Base64.getEncoder().encodeToString(
                    mac.doFinal(toSign.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(endpoint() + "/" + bucket)
                .toURL().openConnection();
        c.setRequestMethod("PUT");
        c.setRequestProperty("Date", date);
        c.setRequestProperty("Authorization", "AWS " + identity + ":" + signature);
        c.setDoOutput(true);
        c.getOutputStream().close();
        int code = c.getResponseCode();
        if (code != 200) {
            throw new IOException("cannot create bucket " + bucket + ": HTTP " + code);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The S3A settings that reach this server, as Spark settings (spark.hadoop.*). */
    public Map<String, String> sparkSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.hadoop.fs.s3a.endpoint", endpoint());
        m.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
        m.put("spark.hadoop.fs.s3a.path.style.access", "true");
        m.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
        m.put("spark.hadoop.fs.s3a.aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        m.put("spark.hadoop.fs.s3a.access.key", identity);
        m.put("spark.hadoop.fs.s3a.secret.key", credential);
        m.put("spark.hadoop.fs.s3a.attempts.maximum", "2");
        m.put("spark.hadoop.fs.s3a.retry.limit", "2");
        return m;
    }

    /**
     * Every request the server has logged so far. Requests are handled concurrently, each on one thread, so the
     * lines (each prefixed with its thread's name) are grouped by thread.
     */
    public List<Request> requests() throws IOException {
        List<Request> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        Map<String, Request> current = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            int bar = line.indexOf('|');
            if (bar < 0) {
                continue;
            }
            String thread = line.substring(0, bar);
            int bar2 = line.indexOf('|', bar + 1);
            if (bar2 < 0) {
                continue;
            }
            long millis;
            try {
                millis = java.time.OffsetDateTime.parse(line.substring(bar + 1, bar2)).toInstant().toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                continue; // a continuation line of a multi-line message
            }
            String msg = line.substring(bar2 + 1);
            if (msg.startsWith("request: Request(")) {
                String inner = msg.substring("request: Request(".length(), msg.lastIndexOf(')'));
                Request r = new Request(inner.substring(0, inner.indexOf(' ')), inner.substring(inner.indexOf(' ') + 1),
                        new LinkedHashMap<>(), millis);
                out.add(r);
                current.put(thread, r);
            } else if (msg.startsWith("header: ") && current.containsKey(thread)) {
                String h = msg.substring("header: ".length());
                int colon = h.indexOf(": ");
                if (colon > 0) {
                    current.get(thread).headers().put(h.substring(0, colon).toLowerCase(Locale.ROOT),
                            h.substring(colon + 2));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
