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

package io.github.alphadropout;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages and the one way their dependencies point, checked on the compiled classes: kernel (pure Java) <-
 * sql (Catalyst expression, Column and SQL functions) <- ml (Transformers) <- job (command line).
 */
@AnalyzeClasses(packages = "io.github.alphadropout", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule dependenciesPointOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("kernel").definedBy("io.github.alphadropout.kernel..")
            .layer("sql").definedBy("io.github.alphadropout.sql..")
            .layer("ml").definedBy("io.github.alphadropout.ml..")
            .layer("job").definedBy("io.github.alphadropout.job..")
            .whereLayer("job").mayNotBeAccessedByAnyLayer()
            .whereLayer("ml").mayOnlyBeAccessedByLayers("job")
            .whereLayer("sql").mayOnlyBeAccessedByLayers("ml", "job")
            .whereLayer("kernel").mayOnlyBeAccessedByLayers("sql", "ml", "job");

    /** The kernel is useful without Spark: plain Java, no Spark, Scala or Hadoop. */
    @ArchTest
    static final ArchRule kernelIsPlainJava = noClasses().that().resideInAPackage("io.github.alphadropout.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..",
                    "org.apache.hadoop..");

    /**
     * Only the Vector API kernel touches {@code jdk.incubator.vector}, and only the provider loads it (by
     * reflection), so that a JVM without the module runs the scalar kernel instead of failing.
     */
    @ArchTest
    static final ArchRule onlyTheVectorKernelUsesTheVectorApi = noClasses()
            .that().doNotHaveFullyQualifiedName("io.github.alphadropout.kernel.VectorAlphaDropoutKernel")
            .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..");

    /** The job's parts (its sub-packages) depend on each other one way. */
    @ArchTest
    static final ArchRule jobPartsHaveNoCycles = slices().matching("io.github.alphadropout.job.(*)..")
            .should().beFreeOfCycles();

    /** The command line (the package {@code job} itself) uses the parts of a run; no part uses it. */
    @ArchTest
    static final ArchRule onlyTheCommandLineKnowsTheCommandLine = noClasses()
            .that().resideInAPackage("io.github.alphadropout.job.*..")
            .should().dependOnClassesThat().resideInAPackage("io.github.alphadropout.job");

    /** The vocabulary every part shares ({@code job.run}) depends on no other part of the job. */
    @ArchTest
    static final ArchRule theVocabularyDependsOnNoOtherPart = noClasses()
            .that().resideInAPackage("io.github.alphadropout.job.run..")
            .should().dependOnClassesThat(resideInAPackage("io.github.alphadropout.job..")
                    .and(not(resideInAPackage("io.github.alphadropout.job.run.."))));

    /**
     * Outputs, inputs and tables are reached through their facades only: each package's public types are its
     * interface and its entry; the implementations (one per kind) are package-private.
     */
    @ArchTest
    static final ArchRule outputsOnlyThroughTheirFacade = publicTypesOf("io.github.alphadropout.job.output",
            "Output|Outputs");

    @ArchTest
    static final ArchRule inputsOnlyThroughTheirFacade = publicTypesOf("io.github.alphadropout.job.input",
            "Input|Inputs|ReaderBatchSize");

    @ArchTest
    static final ArchRule tablesOnlyThroughTheirFacade = publicTypesOf("io.github.alphadropout.job.table",
            "LakeTable|TableSetup");

    private static ArchRule publicTypesOf(String pkg, String names) {
        return classes().that().resideInAPackage(pkg).and().arePublic().and().areTopLevelClasses()
                .should().haveNameMatching(java.util.regex.Pattern.quote(pkg) + "\\.(" + names + ")")
                .because("the implementations stay behind " + pkg + "'s facade");
    }
}
