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

package io.github.alphadropout.job;

import io.github.alphadropout.job.run.JobFailure;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the command line reports a failure; the commands themselves are run through {@link Cli}. */
class AlphaDropoutJobTest {

    /** A command that runs out of memory on the thread that runs it. */
    @CommandLine.Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anErrorOnTheCommandsThreadIsAFailureInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = AlphaDropoutJob.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        cl.addSubcommand(new CommandLine(new Exhaust()));
        cl.setErr(new PrintWriter(err)); // to the new subcommand too
        assertEquals(AlphaDropoutJob.FAILURE, cl.execute("exhaust"), err::toString);
        assertEquals("alpha-dropout exhaust: failed: out of memory (OutOfMemoryError: Java heap space). To fix: "
                + JobFailure.MORE_MEMORY + " (run again with --stacktrace for the full trace)", err.toString().strip());
    }
}
