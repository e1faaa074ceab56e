"""Tests the notebook kernel over Jupyter's own protocol, as Jupyter talks to it.

jupyter_client (the library JupyterLab's server and nbclient use) starts the kernel from its installed
kernelspec, sends requests over ZeroMQ and reads the replies and the outputs the kernel publishes. Run it after
notebooks/install-kernel.sh, with the Python that has jupyter_client (Debian: python3-jupyter-client):

    python3 notebooks/kernel/test_kernel_protocol.py

KERNEL_NAME in the environment picks another kernelspec (default: alpha-dropout-java).
"""
import base64
import os
import struct
import time
import unittest

from jupyter_client.manager import start_new_kernel

KERNEL_NAME = os.environ.get("KERNEL_NAME", "alpha-dropout-java")
TIMEOUT = 120  # seconds for one cell; the 2-core CI machine can be slow to start a JVM


def png_size(b64):
    """Width and height of a base64 PNG, from its IHDR chunk; fails if it is not a PNG."""
    png = base64.b64decode(b64)
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG: %r" % png[:8]
    return struct.unpack(">II", png[16:24])


class KernelProtocolTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        # A shutdown_request must end the kernel's JVM by itself (jupyter_client would kill it otherwise).
        cls.kc.shutdown()
        deadline = time.monotonic() + 30
        while cls.km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = cls.km.is_alive()
        cls.kc.stop_channels()
        if alive:
            cls.km.shutdown_kernel(now=True)
            raise AssertionError("the kernel was still running 30 s after its shutdown_request")

    def execute(self, code):
        """Runs a cell; returns its execute_reply content and its outputs (iopub messages), in order."""
        outputs = []

        def keep(msg):
            if msg["msg_type"] in ("stream", "display_data", "execute_result", "error"):
                outputs.append(msg)

        reply = self.kc.execute_interactive(code, timeout=TIMEOUT, output_hook=keep)
        return reply["content"], outputs

    def streams(self, outputs):
        """The printed text as (stream name, text), consecutive messages of one stream joined."""
        merged = []
        for msg in outputs:
            if msg["msg_type"] != "stream":
                continue
            name, text = msg["content"]["name"], msg["content"]["text"]
            if merged and merged[-1][0] == name:
                merged[-1] = (name, merged[-1][1] + text)
            else:
                merged.append((name, text))
        return merged

    def only_output(self, outputs, msg_type):
        self.assertEqual([m["msg_type"] for m in outputs], [msg_type], outputs)
        return outputs[0]["content"]

    def test_kernel_info(self):
        reply = self.kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["implementation"], "alpha-dropout-java")
        self.assertEqual(reply["language_info"]["name"], "java")
        self.assertTrue(reply["protocol_version"].startswith("5."), reply["protocol_version"])

    def test_expression_is_the_execute_result(self):
        reply, outputs = self.execute("1 + 1")
        self.assertEqual(reply["status"], "ok")
        result = self.only_output(outputs, "execute_result")
        self.assertEqual(result["data"], {"text/plain": "2"})
        self.assertEqual(result["execution_count"], reply["execution_count"])

    def test_statements_have_no_result(self):
        reply, outputs = self.execute("int unused = 1;\nSystem.out.print(\"\");")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(outputs, [])

    def test_printed_text_is_streamed_in_order(self):
        reply, outputs = self.execute(
            'System.out.println("one");\nSystem.err.println("two");\nSystem.out.print("three ");\n'
            'System.out.println("and four");')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.streams(outputs),
                         [("stdout", "one\n"), ("stderr", "two\n"), ("stdout", "three and four\n")])

    def test_text_printed_by_other_threads_reaches_the_cell(self):
        reply, outputs = self.execute(
            'Thread t = new Thread(() -> System.out.println("from a thread"));\nt.start();\nt.join();')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.streams(outputs), [("stdout", "from a thread\n")])

    def test_state_lives_on_across_cells(self):
        self.assertEqual(self.execute("int answer = 40;")[0]["status"], "ok")
        reply, outputs = self.execute("answer + 2")
        self.assertEqual(self.only_output(outputs, "execute_result")["data"]["text/plain"], "42")

    def test_cells_run_on_one_thread(self):
        # As in a REPL: thread-local state (Spark's active session, job properties) lives on across cells.
        first = self.execute("Thread.currentThread()")[1]
        second = self.execute("Thread.currentThread()")[1]
        self.assertEqual(self.only_output(first, "execute_result")["data"],
                         self.only_output(second, "execute_result")["data"])

    def test_exception_names_the_line_of_the_cell(self):
        declared, _ = self.execute('void fail(String why) {\n  throw new IllegalStateException(why);\n}')
        self.assertEqual(declared["status"], "ok")
        reply, outputs = self.execute('int a = 1;\nint b = 2;\nfail("boom");\nint c = 3;')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "java.lang.IllegalStateException")
        error = self.only_output(outputs, "error")
        self.assertEqual(error["ename"], "java.lang.IllegalStateException")
        self.assertEqual(error["evalue"], "boom")
        cell, method_cell = reply["execution_count"], declared["execution_count"]
        self.assertEqual(error["traceback"][0], 'Cell In[%d], line 3: fail("boom");' % cell)
        self.assertIn("\tat fail(Cell In[%d], line 2)" % method_cell, error["traceback"])
        self.assertIn("\tat Cell In[%d], line 3" % cell, error["traceback"])
        # The cell stopped at the exception: line 4 never ran.
        self.assertEqual(self.execute("c")[0]["status"], "error")

    def test_compilation_error_names_the_line_of_the_cell(self):
        reply, outputs = self.execute("int fine = 1;\n\nint broken = notDeclaredAnywhere + 1;")
        self.assertEqual(reply["status"], "error")
        error = self.only_output(outputs, "error")
        self.assertEqual(error["ename"], "CompilationError")
        self.assertEqual(error["evalue"], "Cell In[%d], line 3: cannot find symbol" % reply["execution_count"])
        self.assertIn("    int broken = notDeclaredAnywhere + 1;", error["traceback"])

    def test_unfinished_code_is_an_error(self):
        reply, outputs = self.execute("int ok = 1;\nfor (int i = 0; i < 3; i++) {")
        self.assertEqual(reply["status"], "error")
        self.assertTrue(self.only_output(outputs, "error")["evalue"].startswith(
            "Cell In[%d], line 2: " % reply["execution_count"]))

    def test_image_result_is_a_png(self):
        reply, outputs = self.execute(
            "var image = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
            "image")
        self.assertEqual(reply["status"], "ok")
        data = self.only_output(outputs, "execute_result")["data"]
        self.assertEqual(png_size(data["image/png"]), (40, 30))
        self.assertEqual(data["text/plain"], "<PNG image, 40 x 30>")

    def test_display_shows_an_xchart_chart_in_place(self):
        reply, outputs = self.execute(
            'System.out.println("before");\n'
            "display(new org.knowm.xchart.XYChartBuilder().width(200).height(100).build());\n"
            'System.out.println("after");')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs], ["stream", "display_data", "stream"])
        self.assertEqual(png_size(outputs[1]["content"]["data"]["image/png"]), (200, 100))

    def test_library_spark_and_jvm_flags_are_there(self):
        # The library: PyTorch's float32 scale for p = 0.5 (0x3f62eb6e).
        reply, outputs = self.execute("io.github.alphadropout.kernel.AlphaDropoutCoefficients.of(0.5).scaleF()")
        self.assertEqual(self.only_output(outputs, "execute_result")["data"]["text/plain"], "0.8864049")
        checks = {
            # The Vector API module, for the library's vector kernel.
            'ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()': "true",
            # One of Spark's --add-opens flags, open to the notebook's classes.
            'Object.class.getModule().isOpen("sun.nio.ch", ClassLoader.getSystemClassLoader().getUnnamedModule())':
                "true",
            # Spark itself, on the class path.
            "org.apache.spark.SparkContext.class.getSimpleName()": "SparkContext",
        }
        for code, expected in checks.items():
            reply, outputs = self.execute(code)
            self.assertEqual(self.only_output(outputs, "execute_result")["data"]["text/plain"], expected, code)

    def test_interrupt_stops_a_waiting_cell(self):
        msg_id = self.kc.execute("Thread.sleep(600_000);")
        time.sleep(2)  # let the cell start waiting
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "java.lang.InterruptedException")
        # The kernel lives on.
        self.assertEqual(self.execute("1 + 1")[0]["status"], "ok")

    def test_inspection(self):
        reply = self.kc.inspect("Math.abs(-1)", 6, reply=True, timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(reply["found"])
        self.assertIn("abs(", reply["data"]["text/plain"])

    def test_completion(self):
        reply = self.kc.complete("Math.ab", 7, reply=True, timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(any(m.startswith("abs") for m in reply["matches"]), reply["matches"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
