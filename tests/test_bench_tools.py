"""The bench's tools: `seed_bench`, the load generator's statistics, the targets. No timing."""

from __future__ import annotations

import datetime
import http.server
import io
import itertools
import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from bench import instructions, loadgen, report
from bench import run as bench_run
from bench.tiktok_export import export_rows
from creators.estimates import apply_estimate
from creators.management.commands.seed_bench import (
    BENCH_USERNAME,
    LONG_PROFILE_HANDLE,
    bench_username,
)
from creators.models import CreatorProfile, MonthlyStat
from estimator.snapshot import load_active_rates
from tests.creators.factories import make_user


def seed(*arguments: str) -> str:
    output = io.StringIO()
    call_command("seed_bench", "--last-month=2026-10", *arguments, stdout=output)
    return output.getvalue()


def snapshot() -> list[tuple]:
    return list(
        MonthlyStat.objects.order_by(
            "profile__owner__username", "profile__handle", "month"
        ).values_list("profile__handle", "profile__country", "month", "followers", "video_views")
    )


@pytest.mark.django_db
class TestSeedBench:
    def test_it_seeds_accounts_profiles_and_consecutive_months(self):
        printed = seed("--creators=3", "--months=4", "--long-months=6")

        assert "Seeded 3 creators × 4 months" in printed
        assert get_user_model().objects.count() == 3
        assert CreatorProfile.objects.count() == 4
        months = MonthlyStat.objects.filter(profile__handle=LONG_PROFILE_HANDLE)
        assert [stat.month for stat in months.order_by("month")] == [
            datetime.date(2026, month, 1) for month in range(5, 11)
        ]
        for profile in CreatorProfile.objects.exclude(handle=LONG_PROFILE_HANDLE):
            assert [stat.month for stat in profile.months.order_by("month")] == [
                datetime.date(2026, month, 1) for month in range(7, 11)
            ]

    def test_the_long_profile_belongs_to_the_first_creator(self):
        seed("--creators=2", "--months=1", "--long-months=60")

        profile = CreatorProfile.objects.get(handle=LONG_PROFILE_HANDLE)
        assert profile.owner.username == BENCH_USERNAME == bench_username(1)
        assert profile.months.count() == 60

    def test_every_month_stores_the_estimate_the_app_would_have_stored(self):
        seed("--creators=4", "--months=3", "--long-months=0")
        rates = load_active_rates()

        stats = MonthlyStat.objects.select_related("profile")
        assert stats.count() == 12
        for stat in stats:
            expected = MonthlyStat(
                **{f.attname: getattr(stat, f.attname) for f in MonthlyStat._meta.concrete_fields}
            )
            apply_estimate(stat.profile, expected, rates)
            assert stat.estimate == expected.estimate
            assert stat.estimated_total == expected.estimated_total
            assert stat.rate_card_id == rates.card_id
            assert stat.origins and set(stat.origins.values()) == {"typed"}

    def test_the_numbers_are_plausible(self):
        seed("--creators=150", "--months=2", "--long-months=0")

        countries = Counter(CreatorProfile.objects.values_list("country", flat=True))
        assert set(countries) == {"FR", "BE", "CA"}
        assert countries["FR"] > countries["CA"] > countries["BE"]
        assert set(CreatorProfile.objects.values_list("niche", flat=True)) <= set(
            load_active_rates().niches
        )
        for stat in MonthlyStat.objects.all():
            assert stat.followers > 0
            assert stat.long_video_views <= stat.video_views
            assert stat.long_videos_posted <= stat.videos_posted
            assert stat.engagement_rate is None or Decimal(0) < stat.engagement_rate < 20

    def test_it_gives_the_same_data_every_time(self):
        seed("--creators=5", "--months=3", "--long-months=4")
        first = snapshot()

        seed("--creators=5", "--months=3", "--long-months=4", "--reset")

        assert snapshot() == first

    def test_a_creator_is_the_same_whatever_the_number_of_creators(self):
        seed("--creators=2", "--months=3", "--long-months=0")
        first = snapshot()

        seed("--creators=6", "--months=3", "--long-months=0", "--reset")

        assert [row for row in snapshot() if row[0] in {r[0] for r in first}] == first

    def test_it_refuses_to_seed_twice_without_reset(self):
        seed("--creators=1", "--months=1")

        with pytest.raises(CommandError, match="--reset"):
            seed("--creators=1", "--months=1")

    def test_it_refuses_a_database_with_real_accounts(self):
        make_user("someone@example.com")

        with pytest.raises(CommandError, match="real accounts"):
            seed("--creators=1", "--months=1")

    def test_reset_deletes_only_bench_accounts(self):
        real = make_user("someone@example.com")
        seed("--creators=3", "--months=2", "--force")

        seed("--creators=1", "--months=2", "--force", "--reset")

        assert set(get_user_model().objects.values_list("username", flat=True)) == {
            real.username,
            bench_username(1),
        }

    def test_only_the_first_creator_can_log_in_and_only_with_a_password(self):
        seed("--creators=3", "--months=1", "--password=correct-horse-battery")

        users = {user.username: user for user in get_user_model().objects.all()}
        assert users[bench_username(1)].check_password("correct-horse-battery")
        assert not users[bench_username(2)].has_usable_password()
        assert not users[bench_username(3)].has_usable_password()

    def test_without_a_password_nobody_can_log_in(self):
        seed("--creators=2", "--months=1")

        assert not any(user.has_usable_password() for user in get_user_model().objects.all())


class TestPercentile:
    @pytest.mark.parametrize(
        ("percent", "expected"), [(50, 50), (95, 95), (99, 99), (100, 100), (0.5, 1)]
    )
    def test_it_is_the_nearest_rank(self, percent, expected):
        assert loadgen.percentile(list(range(1, 101)), percent) == expected

    def test_a_single_value_is_every_percentile(self):
        assert loadgen.percentile([7.5], 50) == loadgen.percentile([7.5], 95) == 7.5

    def test_it_rounds_the_rank_up(self):
        assert loadgen.percentile([1, 2, 3, 4], 50) == 2
        assert loadgen.percentile([1, 2, 3, 4], 95) == 4

    def test_no_values_no_percentile(self):
        assert loadgen.percentile([], 95) is None

    @pytest.mark.parametrize("percent", [0, -1, 101])
    def test_it_refuses_a_percent_out_of_range(self, percent):
        with pytest.raises(ValueError, match="percent"):
            loadgen.percentile([1], percent)


class TestSummarize:
    def test_it_gives_requests_per_second_and_percentiles_in_milliseconds(self):
        latencies = [index / 1000 for index in range(1, 201)]  # 1 ms .. 200 ms, unsorted below

        result = loadgen.summarize(
            list(reversed(latencies)), 4.0, errors=2, unexpected_status=3, bytes_read=10
        )

        assert result.requests == 200
        assert result.rps == 50.0
        assert result.p50_ms == 100.0
        assert result.p95_ms == 190.0
        assert result.p99_ms == 198.0
        assert result.max_ms == 200.0
        assert (result.errors, result.unexpected_status, result.bytes_read) == (2, 3, 10)

    def test_nothing_measured(self):
        result = loadgen.summarize([], 1.0, errors=8)

        assert result.requests == 0
        assert result.rps == 0.0
        assert result.p50_ms is None and result.p95_ms is None


class TestWrkOutput:
    def test_it_reads_the_json_line_of_the_lua_script(self):
        stdout = (
            "Running 10s test @ http://127.0.0.1:8000/healthz\n"
            'BENCH_JSON {"requests": 5000, "duration_us": 10000000, "bytes": 900000, '
            '"connect_errors": 1, "read_errors": 2, "write_errors": 0, "timeouts": 3, '
            '"status_errors": 0, "non_200": 4, "p50_us": 1500, "p95_us": 4200, '
            '"p99_us": 9000, "max_us": 20000, "mean_us": 1800.5}\n'
        )

        result = loadgen.parse_wrk_output(stdout)

        assert result.tool == "wrk"
        assert result.rps == 500.0
        assert (result.p50_ms, result.p95_ms, result.p99_ms) == (1.5, 4.2, 9.0)
        assert result.errors == 6
        assert result.unexpected_status == 4

    def test_no_json_line_is_an_error(self):
        with pytest.raises(RuntimeError, match="no result"):
            loadgen.parse_wrk_output("unable to connect to 127.0.0.1:1\n")


@pytest.mark.slow  # starts servers and load
class TestPythonLoadGenerator:
    @pytest.mark.parametrize("host", ["127.0.0.1", "::1", "127.0.0.2"])
    def test_it_accepts_loopback_addresses(self, host):
        loadgen.require_loopback(host)

    @pytest.mark.parametrize("host", ["10.0.0.1", "192.168.1.1", "example.com", "localhost"])
    def test_it_refuses_anything_else(self, host):
        with pytest.raises(ValueError, match="loopback"):
            loadgen.require_loopback(host)

    @pytest.fixture
    def paths(self):
        return []

    @pytest.fixture
    def server(self, paths):
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                paths.append(self.path)
                status = 200 if self.path.split("?")[0] == "/ok" else 404
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield httpd.server_address[1]
        httpd.shutdown()
        httpd.server_close()

    def test_it_stops_at_the_request_bound(self, server):
        result = loadgen.python_load(
            "127.0.0.1", server, "/ok", connections=3, duration=30, max_requests=25
        )

        assert result.requests == 25
        assert result.errors == 0
        assert result.unexpected_status == 0
        assert result.bytes_read == 50
        assert result.p95_ms is not None

    def test_it_counts_answers_other_than_200(self, server):
        result = loadgen.python_load(
            "127.0.0.1", server, "/missing", connections=2, duration=30, max_requests=6
        )

        assert result.requests == 6
        assert result.unexpected_status == 6

    def test_a_varied_parameter_makes_every_request_new(self, server, paths):
        result = loadgen.python_load(
            "127.0.0.1", server, "/ok?a=1", connections=3, duration=30, max_requests=20, vary="v"
        )

        assert result.requests == 20
        assert result.unexpected_status == 0
        assert len(set(paths)) == 20
        assert all(path.startswith("/ok?a=1&v=") for path in paths)

    @pytest.mark.skipif(not loadgen.wrk_available(), reason="wrk is not installed")
    def test_wrk_varies_the_parameter_too(self, server, paths):
        result = loadgen.wrk_load("127.0.0.1", server, "/ok", connections=2, duration=1, vary="v")

        assert result.requests > 0
        assert result.unexpected_status == 0
        assert all(path.startswith("/ok?v=") for path in paths)
        assert len(set(paths)) == len(paths)


def run(engine="sqlite", creators=10, **endpoints) -> dict:
    results = {
        name: {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95}
        for name, (rps, p95) in {"healthz": (1000.0, 10.0), **endpoints}.items()
    }
    report.add_ratios(results)
    return {
        "engine": engine,
        "creators": creators,
        "endpoints": results,
        "import": {
            "available": True,
            "median_s": 0.2,
            "first_s": 0.3,
            "runs_s": [0.3, 0.2, 0.1],
            "months_written": 13,
        },
        "page_weight": {"total_bytes": 90_000},
    }


def by_name(targets: list[dict]) -> dict[str, dict]:
    return {target["target"]: target for target in targets}


class TestTargets:
    def test_ratios_are_to_the_baseline(self):
        endpoints = run(fragment=(400.0, 30.0))["endpoints"]

        assert endpoints["fragment"]["rps_ratio"] == 0.4
        assert endpoints["fragment"]["p95_ms_ratio"] == 3.0
        assert endpoints["healthz"]["rps_ratio"] == 1.0

    def test_each_target_passes_or_misses(self):
        targets = by_name(
            report.evaluate([run(fragment=(500.0, 20.0), api=(599.0, 15.0), profile=(50.0, 100.0))])
        )

        assert targets["fragment_rps_ratio"]["passed"] is True
        assert targets["api_rps_ratio"]["passed"] is False
        assert targets["profile_p95_ms"]["passed"] is False  # strictly under 100 ms
        assert targets["import_seconds"]["passed"] is True
        assert targets["page_weight_bytes"]["passed"] is True
        assert targets["fragment_rps_ratio"]["official"] is True

    def test_a_missing_import_command_is_reported_not_failed(self):
        small = run()
        small["import"] = {"available": False, "reason": "the command does not exist yet"}

        target = by_name(report.evaluate([small]))["import_seconds"]

        assert target["passed"] is None
        assert target["note"].startswith("not available")

    def test_the_large_size_is_compared_with_the_small_one_per_engine(self):
        small = run(creators=10, home=(100.0, 100.0), profile=(50.0, 80.0))
        large = run(creators=10_000, home=(100.0, 130.0), profile=(50.0, 110.0))
        other = run(engine="postgresql", creators=10, home=(100.0, 1.0))

        targets = [
            target
            for target in report.evaluate([small, large, other])
            if target["target"].startswith("scale_")
        ]

        assert {target["engine"] for target in targets} == {"sqlite"}
        scale = by_name(targets)
        assert scale["scale_p95_home"]["value"] == 1.3
        assert scale["scale_p95_home"]["passed"] is True  # "within" 1.3×
        assert scale["scale_p95_profile"]["value"] == 1.375
        assert scale["scale_p95_profile"]["passed"] is False
        assert scale["scale_p95_api"]["passed"] is None  # not measured

    def test_the_table_names_every_endpoint(self):
        table = report.run_table(
            {
                **run(fragment=(500.0, 20.0)),
                "months": 36,
                "data": {"monthly_stats": 420},
                "seed_seconds": 1.0,
            }
        )

        assert "/healthz (baseline)" in table
        assert "HTMX fragment" in table
        assert "import of a 365-day export" in table


def measured(rps: float, p95: float, **fields) -> dict:
    return {"rps": rps, "p50_ms": p95 / 2, "p95_ms": p95, **fields}


class TestBracketedBaseline:
    def test_the_baseline_is_measured_before_the_first_endpoint_and_after_every_one(self):
        order = list(bench_run.measuring_order(["healthz", "home", "fragment", "api"]))

        assert order == ["healthz", "home", "healthz", "fragment", "healthz", "api", "healthz"]

    def test_the_order_does_not_need_the_baseline_among_the_names(self):
        assert list(bench_run.measuring_order(["home", "api"])) == [
            "healthz",
            "home",
            "healthz",
            "api",
            "healthz",
        ]

    def test_a_ratio_is_to_the_mean_of_the_baseline_just_before_and_just_after(self):
        endpoints = report.bracket_baseline(
            [
                ("healthz", measured(1000.0, 10.0)),
                ("fragment_new", measured(270.0, 27.0)),
                ("healthz", measured(800.0, 8.0)),
                ("api", measured(450.0, 18.0)),
                ("healthz", measured(1000.0, 12.0)),
            ]
        )
        report.add_ratios(endpoints)

        fragment = endpoints["fragment_new"]
        assert fragment["baseline_bracket"] == {
            "rps": [1000.0, 800.0],
            "p50_ms": [5.0, 4.0],
            "p95_ms": [10.0, 8.0],
        }
        assert fragment["rps_ratio"] == 0.3
        assert fragment["p50_ms_ratio"] == fragment["p95_ms_ratio"] == 3.0
        assert endpoints["api"]["baseline_bracket"]["rps"] == [800.0, 1000.0]
        assert endpoints["api"]["rps_ratio"] == 0.5
        assert endpoints["api"]["p95_ms_ratio"] == 1.8

    def test_the_baseline_row_is_the_median_of_its_measures_and_keeps_them_all(self):
        runs = [
            measured(1000.0, 10.0, requests=10_000),
            measured(700.0, 14.0, requests=7_000),
            measured(900.0, 9.0, requests=9_000),
        ]

        endpoints = report.bracket_baseline(
            [
                ("healthz", runs[0]),
                ("home", measured(100.0, 50.0)),
                ("healthz", runs[1]),
                ("api", measured(400.0, 20.0)),
                ("healthz", runs[2]),
            ]
        )
        report.add_ratios(endpoints)

        baseline = endpoints["healthz"]
        assert list(endpoints) == ["healthz", "home", "api"]
        assert (baseline["rps"], baseline["p50_ms"], baseline["p95_ms"]) == (900.0, 5.0, 10.0)
        assert baseline["requests"] == 9_000  # from the measure whose req/s is the median
        assert baseline["runs"] == runs
        assert baseline["rps_ratio"] == 1.0
        assert "baseline_bracket" not in baseline

    def test_with_an_even_count_the_other_fields_come_from_the_lower_middle_measure(self):
        endpoints = report.bracket_baseline(
            [
                ("healthz", measured(1000.0, 10.0, requests=10_000)),
                ("home", measured(100.0, 50.0)),
                ("healthz", measured(600.0, 20.0, requests=6_000)),
            ]
        )

        assert endpoints["healthz"]["rps"] == 800.0
        assert endpoints["healthz"]["requests"] == 6_000

    def test_results_without_a_bracket_still_use_the_single_baseline(self):
        endpoints = {
            "healthz": measured(1000.0, 10.0),
            "fragment": measured(400.0, 30.0),
            "api": {
                **measured(270.0, 27.0),
                "baseline_bracket": {
                    "rps": [1000.0, 800.0],
                    "p50_ms": [5.0, 4.0],
                    "p95_ms": [10.0, 8.0],
                },
            },
        }

        report.add_ratios(endpoints)

        assert endpoints["fragment"]["rps_ratio"] == 0.4
        assert endpoints["fragment"]["p95_ms_ratio"] == 3.0
        assert endpoints["api"]["rps_ratio"] == 0.3

    def test_a_bracket_with_an_unmeasured_latency_gives_no_latency_ratio(self):
        endpoints = {
            "healthz": measured(1000.0, 10.0),
            "api": {
                **measured(270.0, 27.0),
                "baseline_bracket": {
                    "rps": [1000.0, 800.0],
                    "p50_ms": [5.0, None],
                    "p95_ms": [10.0, None],
                },
            },
        }

        report.add_ratios(endpoints)

        assert endpoints["api"]["rps_ratio"] == 0.3
        assert endpoints["api"]["p95_ms_ratio"] is None


class TestTikTokExport:
    def test_it_is_a_year_of_days_ending_two_days_before_the_export(self):
        overview, history = export_rows(datetime.date(2026, 11, 21), days=365)

        assert overview[0] == "Date,Video Views,Profile Views,Likes,Comments,Shares"
        assert history[0] == "Date,Followers,Difference in followers from previous day"
        assert len(overview) == len(history) == 366
        assert overview[1].startswith("November 20,")
        assert overview[-1] == "November 19,undefined,undefined,undefined,undefined,undefined"
        assert history[-1] == "November 19,undefined,undefined"

    def test_the_difference_is_to_the_next_day_as_in_real_files(self):
        _overview, history = export_rows(datetime.date(2026, 11, 21), days=10)

        rows = [line.split(",") for line in history[1:-1]]
        for today, tomorrow in itertools.pairwise(rows):
            assert int(today[2]) == int(tomorrow[1]) - int(today[1])

    def test_it_is_the_same_for_the_same_seed(self):
        day = datetime.date(2026, 11, 21)

        assert export_rows(day, 30, seed="a") == export_rows(day, 30, seed="a")
        assert export_rows(day, 30, seed="a") != export_rows(day, 30, seed="b")


class TestInstructionCount:
    def test_it_reads_cachegrinds_total(self):
        output = "==1== Cachegrind, a tracing profiler\n==1== I   refs:      4,419,773,385\n"

        assert instructions.instructions(output) == 4_419_773_385

    def test_no_count_is_an_error(self):
        with pytest.raises(RuntimeError, match="no instruction count"):
            instructions.instructions("valgrind: command not found")
