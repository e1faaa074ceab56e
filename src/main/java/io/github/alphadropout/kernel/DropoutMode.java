package io.github.alphadropout.kernel;

/** What one keep/drop decision covers. */
public enum DropoutMode {
    /** One decision per channel of a {@code (C, *spatial)} sample (PyTorch's FeatureAlphaDropout). */
    FEATURE,
    /** One decision per element (PyTorch's AlphaDropout). */
    ELEMENT
}
