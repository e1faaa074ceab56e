package io.github.alphadropout.sql;

import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.Enumeration;

import java.util.List;

/**
 * A Catalyst expression written in Java, for Scala 2.13: the one method whose parameter is a Scala collection
 * type that differs between Scala versions ({@code scala.collection.immutable.IndexedSeq}) takes a Java list here.
 */
public abstract class CatalystExpression extends Expression {

    private static final long serialVersionUID = 1L;

    /** A copy of this expression with these children, in order. */
    protected abstract Expression withChildren(List<Expression> children);

    @Override
    public final Expression withNewChildrenInternal(scala.collection.immutable.IndexedSeq<Expression> newChildren) {
        return withChildren(Scala.list(newChildren));
    }

    /**
     * The initialiser of {@code ExpressionWithRandomSeed}'s {@code nodePatterns} val, which an implementing class
     * answers from {@code nodePatterns()} instead.
     */
    public void org$apache$spark$sql$catalyst$expressions$ExpressionWithRandomSeed$_setter_$nodePatterns_$eq(
            scala.collection.immutable.Seq<Enumeration.Value> value) {
    }
}
