"""infergy: the energy of neural-network inference, measured, estimated and profiled.

The measuring is done in C++ (a sampler thread, counter and trapezoid energy, the
batch-size protocol with its stopping rule, the store); this package is its Python face.

    import infergy
    monitor = infergy.Monitor(sensor="nvml:0")      # "auto": NVML, else RAPL
    monitor.begin_window("inference")
    model(x)
    w = monitor.end_window("inference")            # w.energy_j, w.duration_s, w.avg_power_w, w.method

    with monitor.window("step") as w: ...           # w.result after the block
    @monitor.measured("forward")                    # each call's Window in monitor.last
    def forward(x): ...

    run = infergy.measure(lambda x: model(x), lambda n: torch.rand(n, 3, 224, 224),
                          batch_sizes=[1, 8, 32], sensor="nvml:0")  # stored: `infergy runs list`

Errors: bad input raises ValueError, a failing sensor or store RuntimeError.
"""
import functools

from ._infergy import Window, __version__, estimate, profile
from ._infergy import _Monitor, _measure

__all__ = ["Monitor", "Window", "measure", "profile", "estimate", "__version__"]


class _WindowContext:
    """The `with monitor.window(name)` block; .result is the Window once it ends."""

    def __init__(self, monitor, name):
        self._monitor, self.name, self.result = monitor, name, None

    def __enter__(self):
        self._monitor.begin_window(self.name)
        return self

    def __exit__(self, *exc):
        self.result = self._monitor.end_window(self.name)
        return False

    def __getattr__(self, attribute):  # energy_j, duration_s, ... of the finished window
        if self.result is None:
            raise AttributeError(f"window '{self.name}' has not ended yet")
        return getattr(self.result, attribute)


class Monitor:
    """Energy of named windows of a program, from a power sensor sampled in C++.

    sensor: "auto" (NVML, else RAPL), "nvml:0", "nvml:all", "rapl", "trace:FILE.csv" or a
    simulated "sim:..." sensor (tests and demos). rate_hz: sampling rate (capped at the
    sensor's sensible rate). Windows may nest and overlap; names are unique while open.
    """

    def __init__(self, sensor="auto", rate_hz=100.0):
        self._core = _Monitor(sensor, float(rate_hz))
        self.last = {}  # name -> the last Window of a decorated function

    def begin_window(self, name):
        self._core.begin_window(name)

    def end_window(self, name):
        """The window's Window: energy_j, duration_s, avg_power_w, method, warnings."""
        return self._core.end_window(name)

    def window(self, name):
        """A context manager measuring its block: `with m.window("x") as w: ...; w.energy_j`."""
        return _WindowContext(self, name)

    def measured(self, name=None):
        """A decorator measuring each call; the Window lands in monitor.last[name]."""

        def decorate(fn):
            label = name or fn.__qualname__

            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                self.begin_window(label)
                try:
                    return fn(*args, **kwargs)
                finally:
                    self.last[label] = self.end_window(label)

            return wrapper

        return decorate

    @property
    def sensor(self):
        return self._core.sensor

    @property
    def sensor_description(self):
        return self._core.sensor_description

    def close(self):
        """Stops the sampler thread (also done when the Monitor is collected)."""
        self._core.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def measure(fn, make_batch, batch_sizes=None, protocol="adaptive", sensor="auto", name=None,
            max_batch=1024, min_reps=13, min_seconds=None, target_ci=0.02, max_seconds=120.0,
            idle_seconds=5.0, rate_hz=100.0, resume=False, keep_samples=False, db=None):
    """Measures energy per inference with infergy's protocol and stores the run.

    fn(batch) runs one synchronous batch (call torch.cuda.synchronize() inside on a GPU);
    make_batch(n) returns the inputs of batch size n. batch_sizes: the sizes to run
    (default 1, 2, 4, ... up to max_batch, ending at out of memory). protocol: "adaptive"
    (stop once the 95% CI of J/item is within target_ci) or "paper" (>= min_reps and
    >= 10 s). db: the store (default: $INFERGY_DB, else infergy's default file), the same
    one `infergy runs list` reads. Returns the run as a dict: run_id, status, batches
    (energy_per_item_j, energy_per_item_ci95_j, throughput_items_per_s, ...).
    """
    label = name or getattr(fn, "__qualname__", None) or repr(fn)
    return _measure(fn, make_batch, label, list(batch_sizes or []), protocol, sensor,
                    int(max_batch), int(min_reps),
                    None if min_seconds is None else float(min_seconds), float(target_ci),
                    float(max_seconds), float(idle_seconds), float(rate_hz), bool(resume),
                    bool(keep_samples), None if db is None else str(db))
