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

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real HDFS for tests: Hadoop's {@link MiniDFSCluster} (from the shaded {@code hadoop-client-minicluster} of the
 * Hadoop version the line's Spark ships), one NameNode and one DataNode running in this JVM, listening on
 * 127.0.0.1 on free ports, keeping their blocks and metadata under a folder of the test's. Clients, the job among
 * them, reach it through its {@code hdfs://127.0.0.1:PORT} URI over Hadoop's RPC and data transfer protocols, as
 * they reach a cluster's.
 */
public final class MiniHdfs implements AutoCloseable {

    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts a NameNode and a DataNode keeping their data under {@code dir}, and waits until they serve. */
    public static MiniHdfs start(Path dir) {
        Configuration conf = new Configuration();
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        // One DataNode: one replica per block, so that no write waits for replicas that cannot exist.
        conf.setInt("dfs.replication", 1);
        // A reader that stops before the end of a block (a failed task's) makes the DataNode log a "Broken pipe"
        // error with its trace, and its shutdown an error too: normal for HDFS, noise in the tests' output. (Spark
        // replaces the logging configuration when its first session starts: start this after it.)
        Configurator.setLevel("org.apache.hadoop.hdfs.server.datanode", Level.FATAL);
        try {
            MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf, dir.toFile())
                    .numDataNodes(1)
                    .format(true)
                    .build();
            cluster.waitActive();
            return new MiniHdfs(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start HDFS (MiniDFSCluster) under " + dir, e);
        }
    }

    /** {@code hdfs://127.0.0.1:PORT}: the file system's URI, without a trailing slash. */
    public String uri() {
        URI uri = cluster.getURI();
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** The URI of an absolute path on this file system, e.g. {@code uri("/data/in")}. */
    public String uri(String absolutePath) {
        return uri() + absolutePath;
    }

    /** A client of this file system. */
    public FileSystem fileSystem() {
        try {
            return cluster.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings a Spark session (and a job's {@code --conf}) needs beside the paths' URIs. */
    public static Map<String, String> sparkSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spark.hadoop.dfs.replication", "1");
        return m;
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
