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

// CallPathTrace: how far one run's settings travel through the job's code, measured on a real run.
//
// Runs io.github.alphadropout.job.AlphaDropoutJob with the given job arguments in a child JVM under the JDK's
// debugger (JDI, module jdk.jdi; nothing to install) and records, on the thread that runs the command (the
// child's "main" thread; Spark's own threads are ignored), every entry into a method of io.github.alphadropout.job.*
// that takes the run's settings as a parameter: a parameter whose type's simple name is AugmentSettings (package
// job.run since the job was split into sub-packages, job before it). Methods of AugmentSettings itself are left out.
// Lambdas that capture the settings count (their bodies take them as parameters; so does the constructor of the
// class the JVM makes for such a lambda). Every method counts in the source file of its class, so nested classes
// and lambdas count as their file. It prints:
//
//   files the settings pass through   the number of distinct source files of those methods (and the list);
//   turn backs                        in the sequence of those files (consecutive repeats collapsed), how
//                                     often it enters a file it had already left, in all and per file;
//   sequence                          the collapsed sequence itself, each step with the methods entered there.
//
// With --every-method it records the entries into every method of the job on the main thread instead (still
// without AugmentSettings' own: reading a setting is no step), from the command line's parsing to the summary:
// the whole run's path through the job's files, of which the settings' path is a part.
//
// The counts are of the calls this one run makes, not of every path in the code: a branch the run does not take
// (another output format, --stream, a table output) is not counted.
//
// Usage, from the project's root (the child then gets conf/log4j2.properties and conf/spark-defaults.conf, as
// bin/alpha-dropout gives them):
//
//   java scripts/CallPathTrace.java [--every-method] CLASSPATH -- JOB_ARGS...
//
// CLASSPATH must hold the job's compiled classes and its dependencies. The child JVM gets the flags Spark 4 and
// the Vector API need on Java 17 (those of bin/alpha-dropout). The job's own output goes to stderr; stdout has
// only the report. Exit code: the job's. Entries are caught with breakpoints, not a method entry request (see
// trace), so the child runs at nearly full speed: a small run takes about 20 seconds.
//
// The measurement for a commit C: compile the job's main sources of C with javac (the kernel's
// classes come with the dependencies: DEPS is the spark module's compile class path, kernel included, e.g.
// spark/target/classpath.txt as bin/alpha-dropout's first run writes it), make a small input with the job
// itself, untraced, and trace one augment run. From the root of a checkout that has this script:
//
//   C=85aa1df; W=/tmp/trace-wt-$C; K=/tmp/trace-classes-$C; DEPS="$(cat spark/target/classpath.txt)"
//   git worktree add --detach $W $C
//   (cd $W && { find src/main/java -name '*.java' -not -path '*/kernel/*';
//               find src/main/spark-4/java src/main/scala-2.13/java -name '*.java'; } > $K.srcs)
//   (cd $W && javac -nowarn -proc:none --add-modules jdk.incubator.vector -d $K -cp "$DEPS" @$K.srcs)
//   cp -r $W/src/main/resources/. $K/
//   rm -rf /tmp/trace-in-$C /tmp/trace-out-$C
//   ALPHA_DROPOUT_CLASSPATH="$K:$DEPS" bin/alpha-dropout generate --rows 200 --shape 4,2,4,4 --column x \
//       --output /tmp/trace-in-$C
//   java scripts/CallPathTrace.java "$K:$DEPS" -- augment --input /tmp/trace-in-$C --column x --shape 4,2,4,4 \
//       --p 0.2 --copies 2 --output /tmp/trace-out-$C --master 'local[2]'
//   git worktree remove $W

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.event.VMStartEvent;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

public class CallPathTrace {

    private static final String MAIN_CLASS = "io.github.alphadropout.job.AlphaDropoutJob";
    private static final String TRACED_CLASSES = "io.github.alphadropout.job.*";
    private static final String SETTINGS = "AugmentSettings";

    /** Spark 4 on Java 17 and the Vector API: the flags bin/alpha-dropout gives (pom.xml's spark.jvm.opens). */
    private static final List<String> JVM_FLAGS = List.of(
            "--add-modules=jdk.incubator.vector",
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Djava.awt.headless=true");

    public static void main(String[] args) throws Exception {
        boolean everyMethod = args.length > 0 && args[0].equals("--every-method");
        int classPath = everyMethod ? 1 : 0;
        if (Arrays.asList(args).indexOf("--") != classPath + 1) {
            System.err.println("usage: java scripts/CallPathTrace.java [--every-method] CLASSPATH -- JOB_ARGS...");
            System.exit(2);
        }
        List<String> jobArgs = Arrays.asList(args).subList(classPath + 2, args.length);

        Process child = startChild(args[classPath], jobArgs);
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpStdout(child, address), "child-stdout");
        pump.setDaemon(true);
        pump.start();

        VirtualMachine vm = attach(address.get(60, TimeUnit.SECONDS));
        List<Entry> entries = trace(vm, everyMethod);
        int exitCode = child.waitFor();
        pump.join(5_000);

        report(entries, everyMethod, jobArgs, exitCode);
        System.exit(exitCode);
    }

    /** The job in a JVM that waits for the debugger before it runs anything; the JVM picks the port. */
    private static Process startChild(String classPath, List<String> jobArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=127.0.0.1:0");
        command.addAll(JVM_FLAGS);
        if (Files.isRegularFile(Path.of("conf", "log4j2.properties"))) {
            command.add("-Dlog4j.configurationFile=" + new File("conf/log4j2.properties").getAbsolutePath());
        }
        if (Files.isRegularFile(Path.of("conf", "spark-defaults.conf"))) {
            command.add("-Dalphadropout.sparkDefaults=" + new File("conf/spark-defaults.conf").getAbsolutePath());
        }
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN_CLASS);
        command.addAll(jobArgs);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /**
     * Copies the child's stdout to our stderr, so that our stdout holds only the report; its first line is the
     * debug agent's "Listening for transport dt_socket at address: PORT".
     */
    private static void pumpStdout(Process child, CompletableFuture<String> address) {
        String marker = "Listening for transport dt_socket at address: ";
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!address.isDone() && line.startsWith(marker)) {
                    address.complete(line.substring(marker.length()).trim());
                } else {
                    System.err.println(line);
                }
            }
        } catch (IOException e) {
            address.completeExceptionally(e);
        }
        address.completeExceptionally(new IllegalStateException("the child JVM did not start its debug agent"));
    }

    private static VirtualMachine attach(String port) throws Exception {
        AttachingConnector socket = Bootstrap.virtualMachineManager().attachingConnectors().stream()
                .filter(c -> c.transport().name().equals("dt_socket"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no socket attaching connector"));
        Map<String, Connector.Argument> arguments = socket.defaultArguments();
        arguments.get("hostname").setValue("127.0.0.1");
        arguments.get("port").setValue(port);
        return socket.attach(arguments);
    }

    /**
     * The methods entered on the main thread that take the settings, in order, until the JVM ends.
     *
     * <p>A method entry request would tell every call the main thread makes and run that thread in the
     * interpreter, Spark's planning included (a small run took 9 minutes). A breakpoint at the first instruction
     * of each method that takes the settings tells the same entries, at almost no cost: when a class of the job
     * is prepared (its thread waits meanwhile, so no call slips by), its methods that take the settings get one.
     * Breakpoints suspend nothing: a method and its class are all an entry needs. Once the command has returned,
     * the main thread runs nothing more, so no request needs to be turned off.
     */
    private static List<Entry> trace(VirtualMachine vm, boolean everyMethod) {
        EventRequestManager requests = vm.eventRequestManager();
        List<Entry> entries = new ArrayList<>();
        ThreadReference main = null;
        while (true) {
            EventSet events;
            try {
                events = vm.eventQueue().remove();
            } catch (VMDisconnectedException | InterruptedException e) {
                return entries;
            }
            for (Event event : events) {
                if (event instanceof VMStartEvent) {
                    main = ((VMStartEvent) event).thread();
                    ClassPrepareRequest prepare = requests.createClassPrepareRequest();
                    prepare.addClassFilter(TRACED_CLASSES);
                    prepare.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
                    prepare.enable();
                } else if (event instanceof ClassPrepareEvent) {
                    for (Method method : ((ClassPrepareEvent) event).referenceType().methods()) {
                        if (!inSettingsClass(method) && (everyMethod || takesSettings(method))
                                && method.location() != null) {
                            BreakpointRequest entry = requests.createBreakpointRequest(method.location());
                            entry.addThreadFilter(main);
                            entry.setSuspendPolicy(EventRequest.SUSPEND_NONE);
                            entry.enable();
                        }
                    }
                } else if (event instanceof BreakpointEvent) {
                    Method method = ((BreakpointEvent) event).location().method();
                    // Read now: after the JVM has ended, JDI can no longer tell a class's source file.
                    entries.add(new Entry(sourceFile(method), shortClassName(method) + "." + method.name()));
                } else if (event instanceof VMDisconnectEvent) {
                    return entries;
                }
            }
            events.resume();
        }
    }

    /** Reading a setting is no step of the path: the methods of AugmentSettings itself are never traced. */
    private static boolean inSettingsClass(Method method) {
        return simpleName(topLevelName(method.declaringType().name())).equals(SETTINGS);
    }

    private static boolean takesSettings(Method method) {
        for (String type : method.argumentTypeNames()) {
            if (simpleName(type).equals(SETTINGS)) {
                return true;
            }
        }
        return false;
    }

    /** The source file of a method's class, with its package's folders: nested classes and lambdas give their file's. */
    private static String sourceFile(Method method) {
        ReferenceType type = method.declaringType();
        try {
            return type.sourcePaths(null).get(0);
        } catch (AbsentInformationException e) {
            // A class without a SourceFile attribute (a lambda's hidden class): its top-level class's file.
            return topLevelName(type.name()).replace('.', '/') + ".java";
        }
    }

    private static String topLevelName(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    private static String simpleName(String typeName) {
        return typeName.substring(Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$')) + 1);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The class's name without its package; a lambda's hidden class as Outer$$Lambda, without its number. */
    private static String shortClassName(Method method) {
        String name = method.declaringType().name().replaceFirst("\\$\\$Lambda.*", "\\$\\$Lambda");
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** One entry into a method that takes the settings: the method's source file and its class.name. */
    private record Entry(String file, String method) {
    }

    private static void report(List<Entry> entries, boolean everyMethod, List<String> jobArgs, int exitCode) {
        List<String> sequence = new ArrayList<>();
        List<List<String>> methodsPerStep = new ArrayList<>();
        for (Entry entry : entries) {
            if (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(entry.file())) {
                sequence.add(entry.file());
                methodsPerStep.add(new ArrayList<>());
            }
            List<String> methods = methodsPerStep.get(methodsPerStep.size() - 1);
            if (!methods.contains(entry.method())) {
                methods.add(entry.method());
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        Map<String, Integer> turnBacks = new LinkedHashMap<>();
        int total = 0;
        for (String file : sequence) {
            if (!seen.add(file)) {
                turnBacks.merge(file, 1, Integer::sum);
                total++;
            }
        }

        System.out.println("traced: " + (everyMethod ? "every method of the job" : "the methods that take the settings ("
                + SETTINGS + ")") + ", entered on the main thread of: " + String.join(" ", jobArgs));
        System.out.println("job exit code: " + exitCode);
        System.out.println("method entries: " + entries.size());
        System.out.println((everyMethod ? "files the run passes through: " : "files the settings pass through: ")
                + seen.size());
        for (String file : seen) {
            System.out.println("  " + file);
        }
        System.out.println("turn backs (entering a file already left): " + total);
        turnBacks.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.println("  " + fileName(e.getKey()) + " " + e.getValue()));
        System.out.println("sequence (" + sequence.size() + " steps):");
        for (int i = 0; i < sequence.size(); i++) {
            System.out.printf("  %3d %-28s %s%n", i + 1, fileName(sequence.get(i)),
                    String.join(", ", methodsPerStep.get(i)));
        }
        System.out.println("sequence in one line: " + String.join(" > ",
                sequence.stream().map(CallPathTrace::fileName).toList()));
    }
}
