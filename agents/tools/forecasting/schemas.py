"""The JSON schemas of the production tools' arguments (offered to the openai backend's
model as functions; the builtin agent binds the same names), and the defaults they state."""

from __future__ import annotations

from typing import Any

from agents.tools.forecasting.conventions import CONVENTIONS
from agents.tools.forecasting.forecast import MAX_HORIZON_YEARS
from agents.tools.forecasting.models import MODEL_KINDS as ALL_MODELS
from agents.tools.forecasting.uncertainty import METHODS

DEFAULT_DMIN_TANGENT = 0.06  # a common terminal decline for shale wells, per year
DEFAULT_HORIZON_YEARS = 30.0
DEFAULT_SAMPLES = 200
DEFAULT_HINDCAST_MONTHS = 12


_DECLINE_CONVENTION = {
    "type": "string",
    "enum": list(CONVENTIONS),
    "description": (
        "How a decline is expressed: 'nominal' (continuous -dln q/dt, may exceed 1, e.g. "
        "1.5/yr), 'tangent_effective' (1-exp(-D): the fraction lost over the period by an "
        "exponential), 'secant_effective' (the hyperbolic's real drop over the period, "
        "petbox-dca's Di, SPEE's convention). For b=0 tangent and secant coincide."
    ),
}
_PERIOD = {
    "type": "string",
    "enum": ["year", "month"],
    "default": "year",
    "description": "The period of an effective decline ('5% per month'): converted through "
    "the hyperbolic equation over one month, not by compounding.",
}

FIT_PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "rowid": {"type": "integer", "minimum": 1, "description": "The history table row."},
        "phase": {
            "type": "string",
            "enum": ["oil", "gas", "boe", "water"],
            "description": "Primary stream; default oil if present, else gas. BOE = oil + gas/6.",
        },
        "column": {"type": "string", "description": "The production column, if not obvious."},
        "date_column": {"type": "string", "description": "The date column, if not obvious."},
        "well_column": {"type": "string", "description": "The well name/API column."},
        "well": {"type": "string", "description": "Fit only this well (name or API)."},
        "values_are": {
            "type": "string",
            "enum": ["volumes", "rates"],
            "description": "Volumes per period or daily rates; guessed from the column name.",
        },
        "model": {
            "type": "string",
            "enum": ["best", "auto", "all", *ALL_MODELS],
            "default": "best",
            "description": "'best' fits exponential, harmonic, hyperbolic and modified "
            "hyperbolic and keeps the lowest AIC (near-ties go to a terminal decline, then "
            "fewer parameters); 'all' adds THM, PLE, SE and Duong; or one model.",
        },
        "models": {
            "type": "array",
            "items": {"type": "string", "enum": list(ALL_MODELS)},
            "minItems": 1,
            "uniqueItems": True,
            "description": "The model set to choose the best from (instead of 'model').",
        },
        "b_min": {"type": "number", "minimum": 0, "maximum": 2, "description": "Lower bound on b."},
        "b_max": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 2.5,
            "description": "Upper bound on b (default 2).",
        },
        "dmin": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Terminal decline Dmin (fraction, e.g. 0.06): when stated every "
            "model turns exponential at it; default 6%/yr tangent-effective for the modified "
            "hyperbolic and THM only.",
        },
        "dmin_convention": {**_DECLINE_CONVENTION, "default": "tangent_effective"},
        "dmin_period": _PERIOD,
        "dlim": {"type": "number", "exclusiveMinimum": 0, "description": "Same as dmin."},
        "dlim_convention": {**_DECLINE_CONVENTION, "default": "tangent_effective"},
        "fit_start": {
            "type": "string",
            "description": "Where the fit starts: 'last_peak' (default: the peak after the "
            "last re-frac, else the first peak), 'first_peak', or a date YYYY-MM[-DD].",
        },
        "exclude_months": {
            "type": "array",
            "items": {"type": "string"},
            "maxItems": 200,
            "description": "Months left out of the fit: 'YYYY-MM' or a range 'YYYY-MM..YYYY-MM'.",
        },
        "segments": {
            "type": "string",
            "enum": ["auto", "single"],
            "default": "auto",
            "description": "'auto' detects re-fracs (new segments) and a flat period before "
            "the decline; 'single' fits one decline from the fit start.",
        },
        "normalise_on_time": {
            "type": "boolean",
            "default": True,
            "description": "Divide volumes by producing days (or hours/24) when the file has them.",
        },
        "fit_on": {
            "type": "string",
            "enum": ["log_rate", "rate"],
            "default": "log_rate",
            "description": "Least squares on log rate (default) or on rate.",
        },
        "economic_limit": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Rate (per day, in the primary phase's unit) where the forecast stops.",
        },
        "horizon_years": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": MAX_HORIZON_YEARS,
            "default": DEFAULT_HORIZON_YEARS,
            "description": "Years after the last history month to forecast at most.",
        },
        "secondary": {
            "type": "array",
            "items": {"type": "string", "enum": ["oil", "gas", "water"]},
            "uniqueItems": True,
            "description": "Phases forecast as ratios to the primary (GOR, yield, WOR).",
        },
        "ratio_model": {
            "type": "string",
            "enum": ["power_law", "constant"],
            "default": "power_law",
            "description": "Secondary ratios: petbox-dca's power-law yield, or held constant.",
        },
        "uncertainty": {
            "type": "string",
            "enum": ["none", *METHODS],
            "default": "none",
            "description": "P10/P50/P90 forecasts and EURs per well: moving-block residual "
            "'bootstrap' or 'covariance' (parameter covariance); P10 is the high case.",
        },
        "samples": {"type": "integer", "minimum": 20, "maximum": 2000, "default": DEFAULT_SAMPLES},
        "hindcast": {
            "type": "boolean",
            "default": False,
            "description": "Refit without the last hindcast_months and report the error on them.",
        },
        "hindcast_months": {
            "type": "integer",
            "minimum": 1,
            "maximum": 120,
            "default": DEFAULT_HINDCAST_MONTHS,
        },
        "type_curve": {
            "type": "boolean",
            "default": False,
            "description": "Build P10/P50/P90 type curves from the wells (aligned at peak).",
        },
        "type_curve_group_by": {
            "type": "string",
            "description": "One type curve per value of this column (county, formation, "
            "operator, or 'first_production_year').",
        },
        "type_curve_filter_column": {"type": "string"},
        "type_curve_filter_value": {"type": ["string", "number"]},
        "normalise_lateral": {
            "type": "boolean",
            "description": "Type curves per 1,000 ft of lateral (default: when the file has "
            "a lateral-length column).",
        },
        "type_curve_months": {"type": "integer", "minimum": 6, "maximum": 1200},
        "diagnostics": {
            "type": "boolean",
            "default": False,
            "description": "Also chart rate vs time, rate vs cumulative and b-factor (log-log).",
        },
        "export": {
            "type": "boolean",
            "default": False,
            "description": "Also write the forecast parameters (one row per well and phase) "
            "as a CSV other forecasting tools can import.",
        },
        "chart": {
            "type": "boolean",
            "default": True,
            "description": "Also write a history-versus-forecast chart row.",
        },
    },
    "required": ["rowid"],
    "additionalProperties": False,
}


FORECAST_PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "qi": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Initial rate per day (bbl/d for oil, mcf/d for gas).",
        },
        "decline": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Initial decline as a fraction (0.25 = 25%; nominal may exceed 1).",
        },
        "decline_convention": _DECLINE_CONVENTION,
        "decline_period": _PERIOD,
        "b": {
            "type": "number",
            "minimum": 0,
            "maximum": 2.5,
            "default": 0,
            "description": "Arps b: 0 exponential (default), 1 harmonic, else hyperbolic.",
        },
        "dlim": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Terminal decline Dmin (modified hyperbolic, b > 0).",
        },
        "dlim_convention": {**_DECLINE_CONVENTION, "default": "tangent_effective"},
        "dmin": {"type": "number", "exclusiveMinimum": 0, "description": "Same as dlim."},
        "dmin_convention": {**_DECLINE_CONVENTION, "default": "tangent_effective"},
        "dmin_period": _PERIOD,
        "flat_months": {
            "type": "integer",
            "minimum": 0,
            "maximum": 600,
            "description": "Months at qi before the decline starts (a choked or plateau period).",
        },
        "segments": {
            "type": "array",
            "maxItems": 20,
            "description": "Later segments: from start_month, a new b and decline (same "
            "convention), and with qi a restart (a re-frac).",
            "items": {
                "type": "object",
                "properties": {
                    "start_month": {"type": "number", "exclusiveMinimum": 0},
                    "qi": {"type": "number", "exclusiveMinimum": 0},
                    "decline": {"type": "number", "exclusiveMinimum": 0},
                    "b": {"type": "number", "minimum": 0, "maximum": 2.5},
                },
                "required": ["start_month"],
                "additionalProperties": False,
            },
        },
        "phase": {"type": "string", "enum": ["oil", "gas", "boe"], "default": "oil"},
        "gor_scf_per_bbl": {
            "type": "number",
            "minimum": 0,
            "description": "Gas following an oil forecast at this GOR.",
        },
        "yield_bbl_per_mmcf": {
            "type": "number",
            "minimum": 0,
            "description": "Condensate following a gas forecast at this yield.",
        },
        "water_ratio": {
            "type": "number",
            "minimum": 0,
            "description": "Water per unit of the primary phase (WOR bbl/bbl or WGR bbl/mcf).",
        },
        "economic_limit": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Rate per day where the forecast stops.",
        },
        "horizon_years": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": MAX_HORIZON_YEARS,
            "default": DEFAULT_HORIZON_YEARS,
        },
        "at_years": {
            "type": "array",
            "items": {"type": "number", "minimum": 0},
            "maxItems": 50,
            "description": "Times (years from start) to report rate and cumulative at.",
        },
        "start_date": {
            "type": "string",
            "description": "First forecast month, YYYY-MM or YYYY-MM-DD (default: this month).",
        },
    },
    "required": ["qi", "decline", "decline_convention"],
    "additionalProperties": False,
}
