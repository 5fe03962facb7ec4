"""A small network matches a reference model written independently with simpy.

simpy is a test-only dependency (pinned simpy==4.1.1).
"""

import math
import random
import statistics
from dataclasses import replace

import pytest

from thrivekit.modelling.runner import run_replications
from thrivekit.modelling.scenario import MAX_HORIZON_DAYS, parse_scenario

simpy = pytest.importorskip("simpy")

HORIZON, WARMUP, REPS = 15000.0, 100.0, 10
NETWORK = {
    "horizon_days": HORIZON,
    "warmup_days": WARMUP,
    "seed": 21,
    "services": [
        {
            "id": "a",
            "arrivals_per_day": 1.2,
            "servers": 2,
            "service_days": {"dist": "exponential", "mean": 1.0},
            "dna_rate": 0.1,
            "dna_rebook_days": 2,
            "urgent_share": 0.3,
            "routing": {"b": 0.4, "exit": 0.6},
        },
        {
            "id": "b",
            "arrivals_per_day": 0.3,
            "servers": 1,
            "service_days": {"dist": "lognormal", "mean": 0.8, "sd": 0.6},
            "routing": {"a": 0.1, "exit": 0.9},
        },
    ],
}


def simpy_replication(seed: int) -> dict[str, dict[str, float]]:
    """The same network as a simpy process model: priority resources, DNAs, routing."""
    rng = random.Random(seed)
    env = simpy.Environment()
    spec = {s["id"]: s for s in NETWORK["services"]}
    desks = {sid: simpy.PriorityResource(env, capacity=s["servers"]) for sid, s in spec.items()}
    waits = {sid: [] for sid in spec}
    urgent_waits = {sid: [] for sid in spec}
    busy = dict.fromkeys(spec, 0.0)
    done = dict.fromkeys(spec, 0)
    end = WARMUP + HORIZON

    def service_time(sid):
        days = spec[sid]["service_days"]
        if days["dist"] == "exponential":
            return rng.expovariate(1 / days["mean"])
        sigma2 = math.log(1 + (days["sd"] / days["mean"]) ** 2)
        return rng.lognormvariate(math.log(days["mean"]) - sigma2 / 2, math.sqrt(sigma2))

    def patient(sid, urgent):
        while sid != "exit":
            joined = env.now
            while True:
                request = desks[sid].request(priority=(0 if urgent else 1, joined))
                yield request
                if rng.random() < spec[sid].get("dna_rate", 0):
                    desks[sid].release(request)
                    yield env.timeout(spec[sid]["dna_rebook_days"])
                    continue
                break
            started = env.now
            if started >= WARMUP:
                waits[sid].append(started - joined)
                if urgent:
                    urgent_waits[sid].append(started - joined)
            length = service_time(sid)
            yield env.timeout(length)
            desks[sid].release(request)
            busy[sid] += max(0.0, min(env.now, end) - max(started, WARMUP))
            if env.now >= WARMUP:
                done[sid] += 1
            u, total, nxt = rng.random(), 0.0, "exit"
            for target, p in spec[sid]["routing"].items():
                total += p
                if u < total:
                    nxt = target
                    break
            sid = nxt

    def arrivals(sid):
        while True:
            yield env.timeout(rng.expovariate(spec[sid]["arrivals_per_day"]))
            env.process(patient(sid, rng.random() < spec[sid].get("urgent_share", 0)))

    for sid in spec:
        env.process(arrivals(sid))
    env.run(until=end)
    return {
        sid: {
            "wait": statistics.fmean(waits[sid]),
            "urgent_wait": statistics.fmean(urgent_waits[sid]),
            "utilisation": busy[sid] / (spec[sid]["servers"] * HORIZON),
            "throughput": done[sid],
        }
        for sid in spec
    }


def close(ours: list[float], theirs: list[float]) -> bool:
    # Within sampling error: the difference of means is under 3 standard errors.
    se = math.sqrt(
        statistics.variance(ours) / len(ours) + statistics.variance(theirs) / len(theirs)
    )
    return abs(statistics.fmean(ours) - statistics.fmean(theirs)) <= 3 * se


def test_small_network_matches_the_simpy_reference_model():
    # given the same two-service network in our engine and in simpy
    # The check runs longer than a user may ask for (MAX_HORIZON_DAYS): the engine has no cap.
    scenario = parse_scenario({**NETWORK, "horizon_days": MAX_HORIZON_DAYS})
    ours = run_replications(replace(scenario, horizon_days=HORIZON), replications=REPS, workers=2)
    theirs = [simpy_replication(1000 + rep) for rep in range(REPS)]
    # then waits, utilisation and throughput agree within sampling error
    for index, sid in enumerate(("a", "b")):
        our_waits = [r["services"][index]["wait_days"]["mean"] for r in ours]
        assert close(our_waits, [t[sid]["wait"] for t in theirs]), sid
        our_urgent = [r["services"][index]["urgent_wait_days"] for r in ours]
        assert close(our_urgent, [t[sid]["urgent_wait"] for t in theirs]), sid
        our_use = [r["services"][index]["utilisation"] for r in ours]
        assert close(our_use, [t[sid]["utilisation"] for t in theirs]), sid
        our_done = [float(r["services"][index]["throughput"]) for r in ours]
        assert close(our_done, [float(t[sid]["throughput"]) for t in theirs]), sid
    # and the comparison is sharp enough to matter: mean waits are known to about ±3%
    spread = statistics.stdev(our_waits) / math.sqrt(REPS) / statistics.fmean(our_waits)
    assert spread < 0.04
