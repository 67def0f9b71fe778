"""The log of the original in TensorFlow.js, made again by TF.js itself.

Notebook 04 prints the log that ``tests/tfjs/original.js`` wrote when TF.js 4 (CPU backend) ran the
original with its missing ``compile`` line added: ``sgd_lib/tfjs_original_log.json``. This test runs the
script again and requires the same file, number for number, so the notebook never shows a log that
TF.js does not write. It also checks that :func:`sgd_lib.tfjs.js_number` and
:func:`~sgd_lib.tfjs.js_precision` write numbers as JavaScript's ``String`` and ``toPrecision`` do.

Needs Node.js, and ``make tfjs`` for the first test; it skips otherwise, unless ``SGD_REQUIRE_TFJS=1``
(set by ``.ci/run`` where npm is available). After a change of TF.js's version, make the file again with
``node tests/tfjs/original.js > sgd_lib/tfjs_original_log.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from sgd_lib import tfjs

HERE = Path(__file__).resolve().parent / "tfjs"


def _unavailable(reason: str) -> None:
    if os.environ.get("SGD_REQUIRE_TFJS") == "1":
        pytest.fail(f"SGD_REQUIRE_TFJS=1 but {reason}")
    pytest.skip(reason)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed")
    return node


def test_tfjs_writes_the_stored_log_again():
    node = _node()
    if not (HERE / "node_modules" / "@tensorflow" / "tfjs-layers").is_dir():
        _unavailable("TF.js is not installed: run `make tfjs`")
    done = subprocess.run([node, str(HERE / "original.js")], capture_output=True, text=True, timeout=120, cwd=HERE)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == json.loads(tfjs.LOG_FILE.read_text(encoding="utf-8"))
    assert done.stdout == tfjs.LOG_FILE.read_text(encoding="utf-8"), "the same numbers, written differently"


def test_numbers_are_written_as_javascript_writes_them():
    node = _node()
    rng = np.random.default_rng(0)
    values = np.concatenate(
        [
            rng.standard_normal(200) * 10.0 ** rng.integers(-12, 30, 200),  # every magnitude the logs meet
            rng.standard_normal(50).astype(np.float32).astype(float),  # float32 values, as TF.js hands them over
            np.round(rng.standard_normal(50) * 1000, 1),
            [0.5, 2.5, 0.125, 1.005, 99.5, 9.96, 1e21, 1e-7, 123e-20],
        ]
    ).tolist()
    script = (
        "const values = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(values.map((v) => [String(v), v.toPrecision(2), v.toPrecision(5)])));"
    )
    done = subprocess.run([node, "-e", script], input=json.dumps(values), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    for value, (written, two, five) in zip(values, json.loads(done.stdout)):
        assert tfjs.js_number(value) == written, value
        assert tfjs.js_precision(value, 2) == two, value
        assert tfjs.js_precision(value, 5) == five, value
