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
