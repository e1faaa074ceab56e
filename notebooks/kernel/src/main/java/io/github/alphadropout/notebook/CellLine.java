package io.github.alphadropout.notebook;

/**
 * A line of a notebook cell, named as IPython names it in its tracebacks ("Cell In[5], line 3"): the cell by its
 * execution count, which is what Jupyter shows beside it, and the line counted from 1 within the cell.
 */
record CellLine(int executionCount, int line) {

    @Override
    public String toString() {
        return "Cell In[" + executionCount + "], line " + line;
    }
}
