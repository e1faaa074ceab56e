# Copyright 2026 the spark-alpha-dropout authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""Puts the project's built jars into the package (alpha_dropout/jars) when pip builds it.

The jars come from the Maven build of this checkout (spark/target, kernel/target) and from target/python-jars,
where scripts/build-python-wheel.sh collects the jars of every Spark line; ALPHA_DROPOUT_JAR_DIRS (directories
separated by os.pathsep) replaces that list.
"""
import glob
import os
import re
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The library jar of one Spark line (not the -job, -sources, -javadoc or -tests jars) and the kernel jar.
JAR = re.compile(r"^(spark-alpha-dropout-[0-9.]+_2\.1[23]|alpha-dropout-kernel)-[0-9][^-]*(-SNAPSHOT)?\.jar$")


def jar_dirs():
    configured = os.environ.get("ALPHA_DROPOUT_JAR_DIRS")
    if configured:
        return [d for d in configured.split(os.pathsep) if d]
    return [os.path.join(ROOT, "target", "python-jars"), os.path.join(ROOT, "spark", "target"),
            os.path.join(ROOT, "kernel", "target")]


def built_jars():
    found = {}
    for directory in jar_dirs():
        for path in sorted(glob.glob(os.path.join(directory, "*.jar"))):
            name = os.path.basename(path)
            if JAR.match(name) and name not in found:
                found[name] = path
    if not any(n.startswith("spark-alpha-dropout-") for n in found) or \
            not any(n.startswith("alpha-dropout-kernel-") for n in found):
        raise SystemExit("spark-alpha-dropout: no built jars in " + ", ".join(jar_dirs())
                         + "; run `mvn -B -ntp -DskipTests package` at the top of the checkout first")
    return list(found.values())


class BuildPyWithJars(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "alpha_dropout", "jars")
        os.makedirs(target, exist_ok=True)
        for path in built_jars():
            shutil.copy2(path, target)


setup(cmdclass={"build_py": BuildPyWithJars})
