"""Demand, capacity and "what if": instant answers, projection and pathway simulation.

Pure Python (no Django). Main entry points:

* :mod:`thrivekit.modelling.formulas` and :func:`service_answers`: closed-form answers;
* :func:`parse_scenario` / :func:`load_scenario_file`: scenarios from YAML or JSON;
* :func:`run_scenario`: the simulation, replications over processes, results JSON;
* :func:`project_service` / :func:`project_scenario`: month-by-month projection;
* :func:`read_imported` (an imported extract) or :func:`read_extract` (CSV files) +
  :func:`calibrate`: a scenario from the site's own data, on the activity engine's figures;
* :func:`backtest`: calibrate on the past, simulate what came next, report the error.
"""

from .backtest import BacktestReport, backtest
from .calibration import (
    CalibrationInputs,
    ExtractError,
    ServiceData,
    calibrate,
    read_extract,
    read_imported,
)
from .instant import ServiceAnswers, network_demand, service_answers
from .projection import Projection, fit_demand, project_scenario, project_service
from .runner import SCHEMA, run_replications, run_scenario, summarise
from .scenario import (
    Distribution,
    Scenario,
    ScenarioError,
    Service,
    load_scenario_file,
    merge_scenario,
    parse_scenario,
    scenario_to_dict,
)

__all__ = [
    "SCHEMA",
    "BacktestReport",
    "CalibrationInputs",
    "Distribution",
    "ExtractError",
    "Projection",
    "Scenario",
    "ScenarioError",
    "Service",
    "ServiceAnswers",
    "ServiceData",
    "backtest",
    "calibrate",
    "fit_demand",
    "load_scenario_file",
    "merge_scenario",
    "network_demand",
    "parse_scenario",
    "project_scenario",
    "project_service",
    "read_extract",
    "read_imported",
    "run_replications",
    "run_scenario",
    "scenario_to_dict",
    "service_answers",
    "summarise",
]
