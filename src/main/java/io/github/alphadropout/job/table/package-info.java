/**
 * Lakehouse tables through Spark's data source and catalog APIs only, so the job needs their jars only when it uses
 * them: {@link io.github.alphadropout.job.table.LakeTable}, with one package-private implementation per format (a
 * Delta Lake table named by its path, an Iceberg table named by a catalog identifier). A table is read at one
 * version or written in one commit that carries the run's tag, by which the job finds its own commit afterwards.
 *
 * <p>API: {@link io.github.alphadropout.job.table.LakeTable} and
 * {@link io.github.alphadropout.job.table.TableSetup} (the jars and session settings a format needs). Internal to the
 * job; its inputs and outputs use it.
 */
package io.github.alphadropout.job.table;
