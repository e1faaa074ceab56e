package io.github.alphadropout.sql;

import scala.jdk.javaapi.CollectionConverters;

import java.util.List;
import java.util.Map;

/** Java collections as the Scala ones Spark's API takes, and back. */
final class Scala {

    private Scala() {
    }

    static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toList();
    }

    static <T> List<T> list(scala.collection.Seq<T> seq) {
        return CollectionConverters.asJava(seq);
    }

    static scala.collection.immutable.Map<String, String> map(Map<String, String> map) {
        return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
    }
}
