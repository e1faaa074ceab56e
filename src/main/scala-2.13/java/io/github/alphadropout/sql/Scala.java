package io.github.alphadropout.sql;

import scala.jdk.javaapi.CollectionConverters;

import java.util.List;
import java.util.Map;

/** Java collections as the Scala 2.13 ones Spark's API takes, and back. */
public final class Scala {

    private Scala() {
    }

    public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toList();
    }

    public static <T> List<T> list(scala.collection.Seq<T> seq) {
        return CollectionConverters.asJava(seq);
    }

    public static scala.collection.immutable.Map<String, String> map(Map<String, String> map) {
        scala.collection.immutable.Map<String, String> out = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> e : map.entrySet()) {
            out = out.updated(e.getKey(), e.getValue());
        }
        return out;
    }
}
