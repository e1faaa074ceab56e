package io.github.alphadropout.sql;

import scala.collection.JavaConverters;

import java.util.List;
import java.util.Map;

/** Java collections as the Scala 2.12 ones Spark's API takes, and back. */
public final class Scala {

    private Scala() {
    }

    public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toList();
    }

    public static <T> List<T> list(scala.collection.Seq<T> seq) {
        return JavaConverters.seqAsJavaList(seq);
    }

    public static scala.collection.immutable.Map<String, String> map(Map<String, String> map) {
        scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> e : map.entrySet()) {
            out = out.updated(e.getKey(), e.getValue());
        }
        return out;
    }
}
