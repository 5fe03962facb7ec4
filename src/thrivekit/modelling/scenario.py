"""Scenarios: the model a user describes in YAML or JSON, checked field by field.

A scenario is a network of services. Each service has external arrivals, one of two capacity
modes (parallel servers with a service-time distribution, or weekly appointment slots with a
number of appointments per episode at intervals), a DNA rate and routing to other services or
``exit``. The full format is documented in the README ("Scenario format").
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from thrivekit.inputs.messages import cut, shown

EXIT = "exit"
QUEUE_RULES = ("urgent_first", "longest_waiter_first", "fifo")
DISTRIBUTIONS = ("exponential", "lognormal", "empirical", "fixed")
MONTH_DAYS = 365.25 / 12
ROUTING_TOLERANCE = 1e-6
# Caps a user would accept: a run beyond them would take hours and say nothing more.
MAX_REPLICATIONS = 1000
MAX_HORIZON_DAYS = 3653  # 10 years
MAX_PROBLEMS = 100


class ScenarioError(ValueError):
    """An invalid scenario. ``problems`` lists (field, message) pairs, the field as a path."""

    def __init__(self, problems: list[tuple[str, str]]):
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], ("scenario", f"and {more:,} more problems")]
        self.problems = problems
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))


@dataclass(frozen=True)
class Distribution:
    """A distribution of days (or of appointments). ``fixed`` always gives ``mean``."""

    dist: str
    mean: float | None = None
    sd: float | None = None
    values: tuple[float, ...] = ()

    @property
    def average(self) -> float:
        if self.dist == "empirical":
            return sum(self.values) / len(self.values)
        return float(self.mean)  # type: ignore[arg-type]

    @property
    def cv(self) -> float:
        """Coefficient of variation (sd ÷ mean), for Kingman's formula."""
        if self.dist == "exponential":
            return 1.0
        if self.dist == "fixed":
            return 0.0
        if self.dist == "lognormal":
            return float(self.sd) / float(self.mean)  # type: ignore[arg-type]
        mean = self.average
        if mean == 0 or len(self.values) < 2:
            return 0.0
        var = sum((v - mean) ** 2 for v in self.values) / (len(self.values) - 1)
        return math.sqrt(var) / mean

    def to_dict(self) -> dict[str, Any]:
        if self.dist == "empirical":
            return {"dist": "empirical", "values": list(self.values)}
        if self.dist == "lognormal":
            return {"dist": "lognormal", "mean": self.mean, "sd": self.sd}
        return {"dist": self.dist, "mean": self.mean}


@dataclass(frozen=True)
class Service:
    """One service (a team, a clinic, a pathway step) and its capacity."""

    id: str
    name: str | None = None
    arrivals_per_day: float | None = None
    arrivals_by_month: tuple[float, ...] | None = None
    servers: int | None = None
    service_days: Distribution | None = None
    appointment_slots_per_week: float | None = None
    appointments_per_episode: Distribution | None = None
    interval_days: Distribution | None = None
    dna_rate: float = 0.0
    dna_rebook_days: float = 7.0
    discharge_after_dnas: int | None = None
    urgent_share: float = 0.0
    queue_rule: str = "urgent_first"
    routing: Mapping[str, float] = field(default_factory=lambda: {EXIT: 1.0})
    initial_waiting_list: tuple[float, ...] = ()
    initial_caseload: int = 0
    queue_level: float | None = None
    # Calibrated from activity (see engine.py): the list seen in order of due date, and the
    # referrals that leave the list, or stay on it, without being seen.
    due_days: Distribution | None = None
    unseen_share: float = 0.0
    unseen_days: Distribution | None = None
    initial_unseen_list: tuple[float, ...] = ()
    working_days: int = 5  # slot mode: clinic days a week (7: weekends too)

    @property
    def mode(self) -> str:
        """``servers`` (caseload slots) or ``slots`` (weekly appointment slots)."""
        return "servers" if self.servers is not None else "slots"

    def arrival_rate(self, month: int) -> float:
        """External arrivals per day in month ``month`` (0-based; the list repeats)."""
        if self.arrivals_by_month:
            return self.arrivals_by_month[month % len(self.arrivals_by_month)] / MONTH_DAYS
        return self.arrivals_per_day or 0.0

    def mean_arrival_rate(self) -> float:
        if self.arrivals_by_month:
            return sum(self.arrivals_by_month) / len(self.arrivals_by_month) / MONTH_DAYS
        return self.arrivals_per_day or 0.0


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Build it with :func:`parse_scenario`."""

    services: tuple[Service, ...]
    horizon_days: float = 365.0
    warmup_days: float = 0.0
    replications: int = 10
    seed: int = 1
    start_date: dt.date | None = None
    name: str | None = None

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)

    def with_service(self, service: Service) -> Scenario:
        """A copy with ``service`` replacing the one with the same id (or added)."""
        ids = [s.id for s in self.services]
        if service.id in ids:
            services = tuple(service if s.id == service.id else s for s in self.services)
        else:
            services = (*self.services, service)
        return replace(self, services=services)


# --- reading files ----------------------------------------------------------------------


def load_scenario_file(path: Path) -> dict[str, Any]:
    """Read a YAML or JSON scenario file into a dict (not yet validated)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError([("file", "is not UTF-8 text")]) from None
    if Path(path).suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ScenarioError([("file", f"not valid JSON: {cut(error, 300)}")]) from None
    else:
        import yaml

        from thrivekit.inputs.yaml import load_yaml

        try:
            data = load_yaml(text)
        except yaml.YAMLError as error:
            raise ScenarioError([("file", f"not valid YAML: {cut(error, 300)}")]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError([("file", "the scenario must be a mapping of fields")])
    return data


# --- validation -------------------------------------------------------------------------

_TOP_FIELDS = {"horizon_days", "warmup_days", "replications", "seed", "services", "start_date"}
_TOP_FIELDS |= {"name", "description"}
_SERVICE_FIELDS = {f.name for f in fields(Service)} | {"description"}


def _num(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,g}"


def _limit_text(key: str, limit: float) -> str:
    if key in ("horizon_days", "warmup_days"):
        return f"{_num(limit)} days (10 years)"
    return _num(limit)


class _Checker:
    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append((where, message))

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        where: str,
        *,
        default: float | None = None,
        minimum: float = 0.0,
        strict: bool = False,
        maximum: float | None = None,
        at_most: float | None = None,
        integer: bool = False,
    ) -> float | None:
        value = data.get(key)
        if value is None:
            return default
        path = f"{where}.{cut(key)}" if where else cut(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.fail(path, f"must be a number, not {shown(value)}")
            return default
        if math.isinf(value):
            self.fail(path, "must be finite")
            return default
        if integer and value != int(value):
            self.fail(path, f"must be a whole number, not {value}")
            return default
        if value < minimum or (strict and value == minimum):
            self.fail(path, f"must be {'more than' if strict else 'at least'} {minimum:g}")
            return default
        if maximum is not None and value >= maximum:
            self.fail(path, f"must be below {maximum:g}")
            return default
        if at_most is not None and value > at_most:
            self.fail(path, f"must be at most {_limit_text(key, at_most)}, not {_num(value)}")
            return default
        return int(value) if integer else float(value)

    def distribution(
        self, value: Any, path: str, *, integer: bool = False, positive: bool = False
    ) -> Distribution | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not value > 0 or math.isinf(value):
                self.fail(path, f"must be more than 0, not {value}")
                return None
            return Distribution("fixed", mean=float(value))
        if not isinstance(value, Mapping):
            self.fail(path, "must be a number or {dist: exponential|lognormal|empirical, …}")
            return None
        kind = value.get("dist")
        if kind not in DISTRIBUTIONS:
            self.fail(
                f"{path}.dist", f"must be one of {', '.join(DISTRIBUTIONS)}, not {shown(kind)}"
            )
            return None
        if kind == "empirical":
            values = value.get("values")
            if not isinstance(values, list) or not values:
                self.fail(f"{path}.values", "must be a non-empty list of numbers")
                return None
            bad = [
                v for v in values if isinstance(v, bool) or not isinstance(v, int | float) or v < 0
            ]
            if bad:
                self.fail(f"{path}.values", f"must be numbers of 0 or more, not {shown(bad[0])}")
                return None
            if integer and max(values) < 1:
                self.fail(f"{path}.values", "must include at least one value of 1 or more")
                return None
            if positive and max(values) <= 0:
                self.fail(f"{path}.values", "must include at least one value above 0")
                return None
            return Distribution("empirical", values=tuple(float(v) for v in values))
        mean = self.number(value, "mean", path, strict=True)
        if "mean" not in value:
            self.fail(f"{path}.mean", "is required")
        if mean is None:
            return None
        if kind == "lognormal":
            sd = self.number(value, "sd", path, strict=True)
            if "sd" not in value:
                self.fail(f"{path}.sd", "is required for a lognormal distribution")
            if sd is None:
                return None
            return Distribution("lognormal", mean=mean, sd=sd)
        return Distribution(kind, mean=mean)


def parse_scenario(data: Mapping[str, Any]) -> Scenario:
    """Validate a scenario dict (as read from YAML or JSON) and build a :class:`Scenario`.

    Raises :class:`ScenarioError` listing every problem, each naming its field, for example
    ``services[1].routing: probabilities sum to 0.9, not 1``.
    """
    check = _Checker()
    if not isinstance(data, Mapping):
        raise ScenarioError([("scenario", "must be a mapping of fields")])
    for key in data:
        if key not in _TOP_FIELDS:
            check.fail(cut(key), "is not a scenario field")
    before = len(check.problems)
    horizon = check.number(
        data, "horizon_days", "", default=365.0, strict=True, at_most=MAX_HORIZON_DAYS
    )
    warmup = check.number(data, "warmup_days", "", default=0.0, at_most=MAX_HORIZON_DAYS)
    if len(check.problems) == before and warmup > horizon:  # type: ignore[operator]
        check.fail(
            "warmup_days",
            f"must be at most horizon_days ({_num(horizon)}), not {_num(warmup)}",
        )
    reps = check.number(
        data, "replications", "", default=10, minimum=1, integer=True, at_most=MAX_REPLICATIONS
    )
    seed = check.number(data, "seed", "", default=1, integer=True)
    start_date = None
    if data.get("start_date") is not None:
        raw = data["start_date"]
        if isinstance(raw, dt.date):
            start_date = raw
        else:
            try:
                start_date = dt.date.fromisoformat(str(raw))
            except ValueError:
                check.fail("start_date", f"must be a date like 2025-04-01, not {shown(raw)}")

    raw_services = data.get("services")
    services: list[Service] = []
    if not isinstance(raw_services, list) or not raw_services:
        check.fail("services", "must be a non-empty list of services")
        raw_services = []
    ids: list[str] = []
    for index, raw in enumerate(raw_services):
        where = f"services[{index}]"
        if not isinstance(raw, Mapping):
            check.fail(where, "must be a mapping of fields")
            continue
        sid = raw.get("id")
        if not isinstance(sid, str) or not sid.strip():
            check.fail(f"{where}.id", "is required (a name such as 'core-camhs')")
            continue
        if sid == EXIT:
            check.fail(f"{where}.id", f"'{EXIT}' is reserved for leaving the network")
        if sid in ids:
            check.fail(f"{where}.id", f"{shown(sid)} is used by more than one service")
        ids.append(sid)
    known = set(ids)
    for index, raw in enumerate(raw_services):
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str) and raw["id"].strip():
            service = _parse_service(check, raw, f"services[{index}]", known)
            if service is not None:
                services.append(service)
    if not check.problems:
        _check_exits(check, services)
    if check.problems:
        raise ScenarioError(check.problems)
    return Scenario(
        services=tuple(services),
        horizon_days=float(horizon),  # type: ignore[arg-type]
        warmup_days=float(warmup),  # type: ignore[arg-type]
        replications=int(reps),  # type: ignore[arg-type]
        seed=int(seed),  # type: ignore[arg-type]
        start_date=start_date,
        name=data.get("name"),
    )


def _days_waited(value: Any) -> tuple[float, ...] | None:
    """A list of days already waited (each a number ≥ 0), or None when it is not one."""
    if isinstance(value, list) and all(
        isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value
    ):
        return tuple(float(v) for v in value)
    return None


def _parse_service(
    check: _Checker, raw: Mapping[str, Any], where: str, known: set[str]
) -> Service | None:
    sid = raw["id"]
    where = f"{where} ({shown(sid)})"
    before = len(check.problems)
    for key in raw:
        if key not in _SERVICE_FIELDS:
            check.fail(f"{where}.{cut(key)}", "is not a service field")

    per_day = check.number(raw, "arrivals_per_day", where)
    by_month = None
    if raw.get("arrivals_by_month") is not None:
        months = raw["arrivals_by_month"]
        if not isinstance(months, list) or not months:
            check.fail(f"{where}.arrivals_by_month", "must be a non-empty list of monthly counts")
        else:
            bad = [
                i
                for i, m in enumerate(months)
                if isinstance(m, bool) or not isinstance(m, int | float) or not 0 <= m < math.inf
            ]
            for i in bad:
                check.fail(
                    f"{where}.arrivals_by_month[{i}]",
                    f"must be a number ≥ 0, not {shown(months[i])}",
                )
            if not bad:
                by_month = tuple(float(m) for m in months)
    if per_day is not None and by_month is not None:
        check.fail(f"{where}.arrivals_by_month", "give arrivals_per_day or arrivals_by_month")

    has_servers = raw.get("servers") is not None
    has_slots = raw.get("appointment_slots_per_week") is not None
    servers = service_days = slots = appointments = interval = None
    if has_servers and has_slots:
        check.fail(
            f"{where}.servers", "give either servers or appointment_slots_per_week, not both"
        )
    elif has_servers:
        servers = check.number(raw, "servers", where, minimum=1, integer=True)
        if raw.get("service_days") is None:
            check.fail(f"{where}.service_days", "is required with servers")
        else:
            service_days = check.distribution(
                raw["service_days"], f"{where}.service_days", positive=True
            )
    elif has_slots:
        slots = check.number(raw, "appointment_slots_per_week", where)
        if raw.get("appointments_per_episode") is None:
            check.fail(f"{where}.appointments_per_episode", "is required with slots")
        else:
            appointments = check.distribution(
                raw["appointments_per_episode"], f"{where}.appointments_per_episode", integer=True
            )
        if raw.get("interval_days") is not None:
            interval = check.distribution(raw["interval_days"], f"{where}.interval_days")
        elif appointments is not None and not (
            appointments.dist == "fixed" and appointments.average <= 1
        ):
            check.fail(f"{where}.interval_days", "is required when episodes have follow-ups")
    else:
        check.fail(
            f"{where}.servers",
            "capacity is missing: give servers with service_days, or "
            "appointment_slots_per_week with appointments_per_episode and interval_days",
        )

    dna = check.number(raw, "dna_rate", where, default=0.0, maximum=1.0)
    rebook = check.number(raw, "dna_rebook_days", where, default=7.0)
    discharge_after = check.number(raw, "discharge_after_dnas", where, minimum=1, integer=True)
    urgent = check.number(raw, "urgent_share", where, default=0.0)
    if urgent is not None and urgent > 1:
        check.fail(f"{where}.urgent_share", "must be between 0 and 1")
    rule = raw.get("queue_rule", "urgent_first")
    if rule not in QUEUE_RULES:
        check.fail(
            f"{where}.queue_rule", f"must be one of {', '.join(QUEUE_RULES)}, not {shown(rule)}"
        )
    level = check.number(raw, "queue_level", where)
    caseload = check.number(raw, "initial_caseload", where, default=0, integer=True)

    waiting: tuple[float, ...] = ()
    raw_waiting = raw.get("initial_waiting_list")
    if raw_waiting is not None:
        if isinstance(raw_waiting, int) and not isinstance(raw_waiting, bool):
            if raw_waiting < 0:
                check.fail(f"{where}.initial_waiting_list", "must be at least 0")
            else:
                waiting = (0.0,) * raw_waiting
        elif (days := _days_waited(raw_waiting)) is not None:
            waiting = days
        else:
            check.fail(
                f"{where}.initial_waiting_list",
                "must be a count, or a list of days already waited (each ≥ 0)",
            )

    due_days = unseen_days = None
    if raw.get("due_days") is not None:
        due_days = check.distribution(raw["due_days"], f"{where}.due_days")
    unseen_share = check.number(raw, "unseen_share", where, default=0.0, maximum=1.0)
    if raw.get("unseen_days") is not None:
        unseen_days = check.distribution(raw["unseen_days"], f"{where}.unseen_days")
    working_days = check.number(
        raw, "working_days", where, default=5, minimum=1, maximum=8, integer=True
    )
    unseen_list: tuple[float, ...] = ()
    if raw.get("initial_unseen_list") is not None:
        days = _days_waited(raw["initial_unseen_list"])
        if days is None:
            check.fail(f"{where}.initial_unseen_list", "must be a list of days already waited")
        else:
            unseen_list = days

    routing = _parse_routing(check, raw.get("routing"), f"{where}.routing", known, sid)
    if len(check.problems) > before:
        return None
    return Service(
        id=sid,
        name=raw.get("name"),
        arrivals_per_day=per_day,
        arrivals_by_month=by_month,
        servers=int(servers) if servers is not None else None,
        service_days=service_days,
        appointment_slots_per_week=slots,
        appointments_per_episode=appointments,
        interval_days=interval,
        dna_rate=float(dna),  # type: ignore[arg-type]
        dna_rebook_days=float(rebook),  # type: ignore[arg-type]
        discharge_after_dnas=int(discharge_after) if discharge_after is not None else None,
        urgent_share=float(urgent),  # type: ignore[arg-type]
        queue_rule=rule,
        routing=routing,
        initial_waiting_list=waiting,
        initial_caseload=int(caseload),  # type: ignore[arg-type]
        queue_level=level,
        due_days=due_days,
        unseen_share=float(unseen_share),  # type: ignore[arg-type]
        unseen_days=unseen_days,
        initial_unseen_list=unseen_list,
        working_days=int(working_days),  # type: ignore[arg-type]
    )


def _check_exits(check: _Checker, services: list[Service]) -> None:
    # From every service some path must lead out, or patients circulate for ever.
    leaves = {s.id for s in services if s.routing.get(EXIT, 0) > 0}
    changed = True
    while changed:
        changed = False
        for s in services:
            if s.id not in leaves and any(p > 0 and t in leaves for t, p in s.routing.items()):
                leaves.add(s.id)
                changed = True
    for index, s in enumerate(services):
        if s.id not in leaves:
            check.fail(
                f"services[{index}] ({shown(s.id)}).routing",
                "patients can never leave the network from here (no path to 'exit')",
            )


def _parse_routing(
    check: _Checker, raw: Any, where: str, known: set[str], own: str
) -> dict[str, float]:
    if raw is None:
        return {EXIT: 1.0}
    if isinstance(raw, str):
        raw = {raw: 1.0}
    if not isinstance(raw, Mapping) or not raw:
        check.fail(where, "must map service ids (or 'exit') to probabilities")
        return {}
    routing: dict[str, float] = {}
    total, numbers = 0.0, 0
    for target, p in raw.items():
        if p is None:
            check.fail(f"{where}.{cut(target)}", "must be a probability between 0 and 1")
            continue
        value = check.number(raw, target, where)
        if value is not None:
            total += value
            numbers += 1
        if target != EXIT and target not in known:
            check.fail(f"{where}.{cut(target)}", f"unknown service id {shown(target)}")
            continue
        if value is not None:
            if value > 1:
                check.fail(f"{where}.{cut(target)}", f"a probability must be at most 1, not {p}")
            routing[str(target)] = value
    # The sum is checked over every number given, so a typo in an id does not hide it.
    if numbers == len(raw) and abs(total - 1) > ROUTING_TOLERANCE:
        check.fail(where, f"probabilities sum to {total:.6g}, not 1")
    if routing.get(own, 0) >= 1:
        check.fail(f"{where}.{cut(own)}", "a service cannot route everyone back to itself")
    return routing


# --- writing ----------------------------------------------------------------------------


def service_to_dict(service: Service) -> dict[str, Any]:
    """The service as a scenario-file mapping (the inverse of parsing)."""
    out: dict[str, Any] = {"id": service.id}
    if service.name:
        out["name"] = service.name
    if service.arrivals_by_month is not None:
        out["arrivals_by_month"] = [round(v, 3) for v in service.arrivals_by_month]
    elif service.arrivals_per_day is not None:
        out["arrivals_per_day"] = service.arrivals_per_day
    if service.mode == "servers":
        out["servers"] = service.servers
        out["service_days"] = service.service_days.to_dict()  # type: ignore[union-attr]
    else:
        out["appointment_slots_per_week"] = service.appointment_slots_per_week
        out["appointments_per_episode"] = service.appointments_per_episode.to_dict()  # type: ignore[union-attr]
        if service.interval_days is not None:
            out["interval_days"] = service.interval_days.to_dict()
    out["dna_rate"] = service.dna_rate
    out["dna_rebook_days"] = service.dna_rebook_days
    if service.discharge_after_dnas is not None:
        out["discharge_after_dnas"] = service.discharge_after_dnas
    out["urgent_share"] = service.urgent_share
    out["queue_rule"] = service.queue_rule
    out["routing"] = dict(service.routing)
    if service.initial_waiting_list:
        out["initial_waiting_list"] = list(service.initial_waiting_list)
    if service.initial_caseload:
        out["initial_caseload"] = service.initial_caseload
    if service.queue_level is not None:
        out["queue_level"] = service.queue_level
    if service.due_days is not None:
        out["due_days"] = service.due_days.to_dict()
    if service.unseen_days is not None:
        out["unseen_share"] = service.unseen_share
        out["unseen_days"] = service.unseen_days.to_dict()
    if service.initial_unseen_list:
        out["initial_unseen_list"] = list(service.initial_unseen_list)
    if service.working_days != 5:
        out["working_days"] = service.working_days
    return out


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a mapping that :func:`parse_scenario` reads back unchanged."""
    out: dict[str, Any] = {}
    if scenario.name:
        out["name"] = scenario.name
    out |= {
        "horizon_days": scenario.horizon_days,
        "warmup_days": scenario.warmup_days,
        "replications": scenario.replications,
        "seed": scenario.seed,
    }
    if scenario.start_date:
        out["start_date"] = scenario.start_date.isoformat()
    out["services"] = [service_to_dict(s) for s in scenario.services]
    return out


def merge_scenario(given: Mapping[str, Any], calibrated: Mapping[str, Any]) -> dict[str, Any]:
    """Fill what ``given`` leaves out from ``calibrated`` (both scenario dicts).

    Top-level fields missing from ``given`` come from ``calibrated``. Services are matched by
    id: a given service overrides the calibrated fields it names (giving ``servers`` drops the
    calibrated slot fields and vice versa); given services with new ids are added.
    """
    merged: dict[str, Any] = {k: v for k, v in calibrated.items() if k != "services"}
    merged |= {k: v for k, v in given.items() if k != "services"}
    services = [dict(s) for s in calibrated.get("services", [])]
    by_id = {s["id"]: s for s in services}
    for raw in given.get("services") or []:
        if not isinstance(raw, Mapping) or raw.get("id") not in by_id:
            services.append(raw)  # type: ignore[arg-type]
            continue
        base = by_id[raw["id"]]
        if "servers" in raw:
            for key in ("appointment_slots_per_week", "appointments_per_episode", "interval_days"):
                base.pop(key, None)
        if "appointment_slots_per_week" in raw:
            base.pop("servers", None)
            base.pop("service_days", None)
        if "arrivals_per_day" in raw:
            base.pop("arrivals_by_month", None)
        if "arrivals_by_month" in raw:
            base.pop("arrivals_per_day", None)
        base.update(raw)
    merged["services"] = services
    return merged
