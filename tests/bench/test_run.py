"""bench/run (issue 17, part 8): its command line and the parts that turn wrk's output into the
table, on samples; the benchmark itself is run by hand (bench/README.md), never timed here."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench_run()

# wrk 4.1's output for a slow page: seconds, timeouts and non-2xx answers.
WRK_SLOW = """Running 15s test @ http://127.0.0.1:40123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21s   345.12ms   1.99s    71.43%
    Req/Sec     5.18      4.02    20.00     80.00%
  Latency Distribution
     50%    1.18s
     75%    1.42s
     90%    1.71s
     99%    1.98s
  84 requests in 15.02s, 1.71MB read
  Socket errors: connect 0, read 0, write 0, timeout 77
  Non-2xx or 3xx responses: 3
Requests/sec:      5.59
Transfer/sec:    116.32KB
"""

# ... and for a cached one: microseconds, no error lines at all.
WRK_FAST = """Running 3s test @ http://127.0.0.1:40124/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   543.00us    1.21ms  20.33ms   96.12%
    Req/Sec    18.02k     1.10k   20.11k    70.00%
  Latency Distribution
     50%  312.00us
     75%  401.00us
     90%  612.00us
     99%    6.21ms
  107612 requests in 3.00s, 2.21GB read
Requests/sec:  35843.12
Transfer/sec:    736.55MB
"""


def test_help_runs_without_a_database():
    done = subprocess.run(
        [str(ROOT / "bench" / "run"), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    for option in ("--quick", "--reuse-db", "--keep-db", "--duration", "--sites", "--scale", "--pages"):
        assert option in done.stdout


def test_parse_wrk_slow_page():
    figures = bench.parse_wrk(WRK_SLOW)
    assert figures["rps"] == pytest.approx(5.59)
    assert figures["requests"] == 84
    assert figures["seconds"] == pytest.approx(15.02)
    assert figures["p50"] == pytest.approx(1180.0)
    assert figures["p99"] == pytest.approx(1980.0)
    assert figures["timeouts"] == 77
    assert figures["non_2xx"] == 3


def test_parse_wrk_fast_page():
    figures = bench.parse_wrk(WRK_FAST)
    assert figures["rps"] == pytest.approx(35843.12)
    assert figures["p50"] == pytest.approx(0.312)
    assert figures["p90"] == pytest.approx(0.612)
    assert figures["p99"] == pytest.approx(6.21)
    assert figures["timeouts"] == 0
    assert figures["non_2xx"] == 0


def test_parse_wrk_when_every_request_timed_out():
    sample = WRK_SLOW.replace("1.18s", "0.00us").replace("1.42s", "0.00us").replace("1.71s", "0.00us")
    figures = bench.parse_wrk(sample.replace("1.98s", "0.00us"))
    assert figures["p50"] is None and figures["p99"] is None
    assert figures["timeouts"] == 77
    assert bench.fmt_ms(figures["p50"]) == "–"


def test_parse_wrk_refuses_what_is_not_wrk():
    with pytest.raises(ValueError, match="Requests/sec"):
        bench.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")
    with pytest.raises(ValueError):
        bench.parse_duration_ms("12 parsecs")


def test_quick_and_full_defaults():
    quick = bench.parse_args(["--quick"])
    assert (quick.scale, quick.sites, quick.duration, quick.publishes) == (2000, 20, 3, 2)
    assert quick.page_keys == bench.QUICK_PAGES
    full = bench.parse_args([])
    assert (full.scale, full.sites, full.duration, full.publishes) == (50000, 1000, 15, 5)
    assert full.page_keys == list(bench.PAGES)
    assert (full.threads, full.connections, full.workers) == (2, 16, 2)
    assert full.mode_keys == ["cold", "django", "varnish"]


def test_explicit_options_win_and_pages_keep_the_tables_order():
    options = bench.parse_args(["--quick", "--duration", "7", "--sites", "0", "--pages", "feedback,home"])
    assert options.duration == 7
    assert options.sites == 0
    assert options.page_keys == ["home", "feedback"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--pages", "home,nowhere"],
        ["--modes", "cold,memcached"],
        ["--threads", "4", "--connections", "2"],
        ["--duration", "0"],
        ["--scale", "-1"],
        ["--env", "NOVALUE"],
        ["--reuse-db", "x; DROP DATABASE postgres"],
    ],
)
def test_bad_arguments_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        bench.parse_args(argv)
    assert exit_info.value.code == 2
    assert "bench/run: error:" in capsys.readouterr().err


def figures(rps, *, public=True, x_cache="HIT", timeouts=0, status=200):
    return {
        "rps": rps,
        "p50": 1.0,
        "p99": 5.0,
        "timeouts": timeouts,
        "non_2xx": 0,
        "status": status,
        "public": public,
        "x_cache": x_cache,
    }


def test_verdicts_apply_the_issues_targets():
    results = {
        "modes": {
            "cold": {"home": figures(120, x_cache=None), "feedback": figures(90, public=False, timeouts=2)},
            "django": {"home": figures(9_000), "feedback": figures(90, public=False, x_cache=None)},
            "varnish": {"home": figures(36_000, x_cache="MISS"), "feedback": figures(90, public=False)},
        },
        "publish": {"varnish": [{"delay": 0.2}, {"delay": 0.4}]},
    }
    found = dict(bench.verdicts(results, static_rps=50_000))
    texts = list(found)
    # Uncached: 0.24% and 0.18% of 50,000, and the feedback page timed out: not met, both named.
    assert "NOT MET" in texts[0] and "feedback (form) 0.18%, 2 timeouts" in texts[0]
    assert "home" not in texts[0]
    # Django cache: 18% for the only cacheable page; the form page is not judged, and says why.
    assert texts[1].startswith("Django cache") and found[texts[1]] is True
    assert "not cacheable, the app says so: feedback (form)" in texts[1]
    # Varnish: 72% but a miss is not a cache: not met.
    assert found[texts[2]] is False and "X-Cache MISS" in texts[2]
    assert found[texts[3]] is True and "max 400 ms" in texts[3]


def test_a_publish_never_seen_is_not_met():
    results = {"modes": {}, "publish": {"varnish": [{"delay": 0.3}, {"delay": None}]}}
    ((text, met),) = bench.verdicts(results, static_rps=1)
    assert not met and "not visible within 30 s in 1 of 2" in text


def test_ratios_are_printed_with_their_precision():
    assert bench.fmt_ratio(0.7234) == "72%"
    assert bench.fmt_ratio(0.0523) == "5.2%"
    assert bench.fmt_ratio(0.00113) == "0.11%"
    assert bench.fmt_ratio(0.000113) == "0.011%"
    assert bench.fmt_ms(0.3121) == "0.31 ms"
    assert bench.fmt_ms(1234.0) == "1234 ms"


def test_the_script_is_executable_by_its_shebang():
    assert (ROOT / "bench" / "run").stat().st_mode & 0o111
    assert (ROOT / "bench" / "run").read_text().startswith("#!/bin/sh")


def test_the_best_window_keeps_the_errors_of_every_window():
    runs = [
        {"rps": 88.2, "p50": 239.0, "p99": 556.0, "timeouts": 2, "non_2xx": 0, "requests": 1323},
        {"rps": 156.2, "p50": 121.0, "p99": 317.0, "timeouts": 0, "non_2xx": 1, "requests": 2343},
        {"rps": 135.7, "p50": 125.0, "p99": 335.0, "timeouts": 1, "non_2xx": 0, "requests": 2036},
    ]
    best = bench.best_window(runs)
    assert (best["rps"], best["p50"], best["p99"], best["requests"]) == (156.2, 121.0, 317.0, 2343)
    assert (best["timeouts"], best["non_2xx"]) == (3, 1)
    assert best["windows"] == [88.2, 156.2, 135.7]
    assert bench.windows_text(best) == "; runs: 88.2 / 156.2 / 135.7"
    assert bench.best_window(runs[:1])["windows"] == [88.2]
    assert bench.windows_text(bench.best_window(runs[:1])) == ""


def test_repeat_is_one_run_unless_asked_and_never_zero(capsys):
    assert bench.parse_args([]).repeat == 1
    assert bench.parse_args(["--repeat", "3", "--duration", "5"]).repeat == 3
    with pytest.raises(SystemExit):
        bench.parse_args(["--repeat", "0"])
    assert "--repeat must be at least 1" in capsys.readouterr().err


def test_a_page_s_windows_are_spread_over_the_mode_in_rounds(monkeypatch, capsys):
    """With --repeat 3 each round measures every page once, so a slow spell of the host lowers one
    window of each page rather than every window of one page; each row is its best window."""
    options = bench.parse_args(["--repeat", "3", "--duration", "5", "--pages", "home,news"])
    rates = iter([100.0, 200.0, 150.0, 210.0, 90.0, 190.0])
    measured = []

    def wrk_once(_options, _port, host, path):
        measured.append(path)
        return {"rps": next(rates), "p50": 1.0, "p99": 2.0, "timeouts": 0, "non_2xx": 0, "requests": 10}

    info = {"status": 200, "public": True, "cache_control": "public", "deep_page_found": True}
    monkeypatch.setattr(bench, "wrk_once", wrk_once)
    monkeypatch.setattr(bench, "check_page", lambda _port, _host, _path: dict(info))
    pages = {"home": ("localhost", "/"), "news": ("localhost", "/tin-tuc/")}
    results = bench.measure_pages(options, 8000, pages, "cold")
    assert measured == ["/", "/tin-tuc/"] * 3
    assert results["home"]["windows"] == [100.0, 150.0, 90.0]
    assert (results["home"]["rps"], results["news"]["rps"]) == (150.0, 210.0)
    assert "round 3 of 3" in capsys.readouterr().out
