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
