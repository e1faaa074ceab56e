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
