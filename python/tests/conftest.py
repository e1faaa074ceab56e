"""One classic local SparkSession for the whole run, made as a user makes it (alpha_dropout.configure)."""
import os
import shutil
import tempfile

import pytest


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    import alpha_dropout

    builder = (SparkSession.builder.master("local[2]").appName("alpha-dropout-python-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g"))
    session = alpha_dropout.configure(builder).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def temp_path():
    path = tempfile.mkdtemp(prefix="alpha-dropout-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def jvm(spark):
    return spark.sparkContext._jvm


def int_array(spark, values):
    """A Java int[] (for the JVM classes' shape)."""
    gateway = spark.sparkContext._gateway
    array = gateway.new_array(gateway.jvm.int, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def string_array(spark, values):
    gateway = spark.sparkContext._gateway
    array = gateway.new_array(gateway.jvm.java.lang.String, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def pyspark_line():
    import pyspark

    return tuple(int(p) for p in pyspark.__version__.split(".")[:2])


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
