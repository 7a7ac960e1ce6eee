"""The Python binding (issue 11): Monitor windows, measure() into the CLI's store,
profile() and estimate(). Run by ctest with PYTHONPATH=build/python and INFERGY_BIN."""
import json
import os
import subprocess
import threading
import time

import pytest

import infergy

INFERGY_BIN = os.environ.get("INFERGY_BIN", "infergy")


def test_window_energy_is_power_times_duration():
    m = infergy.Monitor(sensor="sim:50")
    m.begin_window("a")
    time.sleep(0.3)
    w = m.end_window("a")
    assert w.method == "counter"
    assert w.duration_s >= 0.3
    assert w.energy_j == pytest.approx(50 * w.duration_s, rel=0.01)
    assert w.avg_power_w == pytest.approx(50, rel=0.01)
    m.close()


def test_windows_nest_and_names_must_be_open():
    with infergy.Monitor(sensor="sim:square:20:60:0.1") as m:
        m.begin_window("outer")
        m.begin_window("inner")
        time.sleep(0.25)
        inner = m.end_window("inner")
        time.sleep(0.1)
        outer = m.end_window("outer")
        assert outer.duration_s > inner.duration_s
        assert outer.energy_j > inner.energy_j > 0
        with pytest.raises(ValueError):
            m.end_window("never-begun")


def test_context_manager_and_decorator():
    m = infergy.Monitor(sensor="sim:80")
    with m.window("block") as w:
        time.sleep(0.2)
    assert w.energy_j == pytest.approx(80 * w.duration_s, rel=0.01)

    @m.measured("work")
    def work(x):
        time.sleep(0.1)
        return x * 2

    assert work(21) == 42
    assert m.last["work"].energy_j == pytest.approx(80 * m.last["work"].duration_s, rel=0.01)
    m.close()


def test_a_bad_sensor_is_a_value_error():
    with pytest.raises(ValueError, match="sim:nope"):
        infergy.Monitor(sensor="sim:nope")


def test_measure_stores_a_run_the_cli_lists(tmp_path):
    db = str(tmp_path / "runs.db")
    calls = {"batches": 0}
    ticks = {"n": 0}
    running = threading.Event()

    def tick():  # a Python thread that only runs while the session has released the GIL
        while not running.is_set():
            ticks["n"] += 1
            time.sleep(0.001)

    def fn(batch):
        calls["batches"] += 1
        time.sleep(0.002 * len(batch))

    thread = threading.Thread(target=tick)
    thread.start()
    try:
        run = infergy.measure(fn, lambda n: list(range(n)), batch_sizes=[1, 4], protocol="paper",
                              sensor="sim:100", min_reps=13, min_seconds=0.3, idle_seconds=0.2,
                              name="sleepy", db=db)
    finally:
        running.set()
        thread.join()
    assert ticks["n"] > 50
    assert run["status"] == "complete"
    assert [b["batch_size"] for b in run["batches"]] == [1, 4]
    for b in run["batches"]:
        assert b["reps"] >= 13 and b["duration_s"] >= 0.3
        # 100 W for a sleep of at least 2 ms per item: 0.2 J per item or more (a busy
        # machine oversleeps, so no upper bound but the identity below)
        assert b["energy_per_item_j"] >= 0.2
        assert b["energy_per_item_j"] * b["throughput_items_per_s"] == pytest.approx(100, rel=0.01)
    assert calls["batches"] >= 2 * 14
    listed = subprocess.run([INFERGY_BIN, "--db", db, "runs", "list", "--format", "json"],
                            capture_output=True, text=True, check=True)
    runs = json.loads(listed.stdout)["data"]
    assert any(r["run_id"] == run["run_id"] and r["workload"] == "sleepy" for r in runs), listed.stdout


def test_measure_uses_infergy_db_like_the_cli(tmp_path, monkeypatch):
    db = str(tmp_path / "env.db")
    monkeypatch.setenv("INFERGY_DB", db)
    run = infergy.measure(lambda b: None, lambda n: n, batch_sizes=[2], protocol="paper",
                          sensor="sim:10", min_reps=3, min_seconds=0.05, idle_seconds=0)
    assert run["store"] == db and os.path.exists(db)


def test_a_failing_callable_is_a_runtime_error(tmp_path):
    def boom(batch):
        raise KeyError("broken model")

    with pytest.raises(RuntimeError, match="broken model"):
        infergy.measure(boom, lambda n: n, batch_sizes=[1], sensor="sim:10", idle_seconds=0,
                        db=str(tmp_path / "x.db"))


def test_estimate_and_profile(tmp_path):
    e = infergy.estimate(gflops=4.1, gpu="A100", db=str(tmp_path / "c.db"))
    assert e["tdp_w"] > 0 and e["energy_j"] == pytest.approx(e["flop_count"] / e["flop_per_joule"])
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "mm",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 32])],
        [helper.make_tensor("w", TensorProto.FLOAT, [64, 32], [0.0] * 64 * 32)])
    path = tmp_path / "mm.onnx"
    onnx.save(helper.make_model(graph), str(path))
    p = infergy.profile(str(path))
    assert p["totals"]["flop_count"] == 2 * 64 * 32 and p["totals"]["params"] == 64 * 32
