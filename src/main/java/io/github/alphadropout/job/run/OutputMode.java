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

package io.github.alphadropout.job.run;

/** What the run does to an existing output. */
public enum OutputMode {
    /** The output must not exist (it may not appear while the job runs either). */
    CREATE(""),
    /** Replace an existing output ({@code --overwrite}). */
    OVERWRITE("--overwrite, "),
    /** Add files to an existing output, never touching the old ones ({@code --append}). */
    APPEND("--append, ");

    private final String flag;

    OutputMode(String flag) {
        this.flag = flag;
    }

    /** The option that chose the mode, with a comma, or "" for CREATE. */
    public String flag() {
        return flag;
    }
}
