"""The JSON schema of the economics tool's arguments (what the openai backend offers)."""

from __future__ import annotations

from typing import Any

_FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
_PHASE = {"type": "string", "enum": ["oil", "gas", "ngl"]}


def _fraction(description: str) -> dict[str, Any]:
    return {**_FRACTION, "description": description}


def _number(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "number", "description": description, **extra}


_DECK_ENTRY = {
    "type": "object",
    "properties": {
        "year": {"type": "integer", "minimum": 1900, "maximum": 2200},
        "date": {"type": "string", "description": "YYYY-MM: the price starts this month."},
        "project_year": {"type": "integer", "minimum": 1},
        "project_month": {"type": "integer", "minimum": 1},
        "price": {"type": "number"},
    },
    "required": ["price"],
    "additionalProperties": False,
}
_DECK = {
    "type": "array",
    "items": _DECK_ENTRY,
    "minItems": 1,
    "maxItems": 1200,
}
_CAPEX_ITEM = {
    "type": "object",
    "properties": {
        "month": {
            "type": "integer",
            "minimum": 0,
            "description": "Project month; 0 = the effective date (undiscounted).",
        },
        "date": {"type": "string", "description": "YYYY-MM, instead of month."},
        "amount": {"type": "number", "description": "Gross (8/8ths) $."},
        "label": {"type": "string", "maxLength": 80},
    },
    "required": ["amount"],
    "additionalProperties": False,
}
_STRIP = {
    "type": "array",
    "items": {
        "anyOf": [
            {"type": "number"},
            {
                "type": "object",
                "properties": {"date": {"type": "string"}, "price": {"type": "number"}},
                "required": ["date", "price"],
                "additionalProperties": False,
            },
        ]
    },
    "maxItems": 10000,
}
_VOLUMES = {"type": "array", "items": {"type": "number", "minimum": 0}, "maxItems": 1200}

PROPERTIES: dict[str, Any] = {
    # volumes
    "forecast_rowid": {
        "type": "integer",
        "minimum": 1,
        "description": "Row of a forecast table (oil_bbl, gas_mcf, ... by month; a well column "
        "for several wells).",
    },
    "more_forecast_rowids": {
        "type": "array",
        "items": {"type": "integer", "minimum": 1},
        "maxItems": 10,
        "description": "Other forecast rows whose phases are added by well and month (an oil "
        "forecast and a gas forecast).",
    },
    "costs_rowid": {
        "type": "integer",
        "minimum": 1,
        "description": "Row of a cost sheet (item, value, unit, month).",
    },
    "well": {"type": "string", "description": "Only this well of a multi-well forecast."},
    "oil_volumes": {**_VOLUMES, "description": "Monthly gross oil, bbl, months 1..N."},
    "gas_volumes": {**_VOLUMES, "description": "Monthly gross wellhead gas, Mcf, months 1..N."},
    "ngl_volumes": {**_VOLUMES, "description": "Monthly gross NGL, bbl."},
    "water_volumes": {**_VOLUMES, "description": "Monthly gross water, bbl."},
    "start_date": {
        "type": "string",
        "description": "YYYY-MM of the first month of volumes that have no dates.",
    },
    "effective_date": {
        "type": "string",
        "description": "YYYY-MM the cash flows are discounted to (default: first forecast month).",
    },
    "horizon_years": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    "gor_scf_per_bbl": _number("Gas-oil ratio to make gas from oil.", minimum=0),
    # prices
    "oil_price": _number("Oil benchmark, $/bbl, flat."),
    "gas_price": _number("Gas benchmark, flat, $/Mcf (or $/MMBtu with gas_price_unit)."),
    "ngl_price": _number("NGL price, $/bbl, flat."),
    "ngl_price_pct_of_oil": _fraction("NGL price as a share of the oil benchmark."),
    "gas_price_unit": {"type": "string", "enum": ["mcf", "mmbtu"], "default": "mcf"},
    "gas_heating_value": _number("MMBtu per Mcf of sales gas.", exclusiveMinimum=0),
    "price_deck": {
        "type": "object",
        "properties": {"oil": _DECK, "gas": _DECK, "ngl": _DECK},
        "additionalProperties": False,
        "description": "Prices by year or month per phase; each holds until the next, the "
        "last is held flat ('$75 in 2027, $70 in 2028, $65 after').",
    },
    "price_deck_rowid": {
        "type": "integer",
        "minimum": 1,
        "description": "Row of an uploaded price deck (date or year, oil/gas/NGL price columns).",
    },
    "price_escalation": _number(
        "Annual escalation of prices (0.02 = 2%/yr).", minimum=-0.5, maximum=1
    ),
    "oil_differential": _number("$/bbl added to the oil benchmark (a discount < 0)."),
    "gas_differential": _number("$ per gas price unit added to the gas benchmark."),
    "ngl_differential": _number("$/bbl added to the NGL price."),
    "oil_differential_pct": _number(
        "Share of the oil benchmark added (-0.05 = 95%).", minimum=-1, maximum=1
    ),
    "gas_differential_pct": _number("Share of the gas benchmark added.", minimum=-1, maximum=1),
    "ngl_differential_pct": _number("Share of the NGL price added.", minimum=-1, maximum=1),
    "gas_shrink": _fraction("Share of wellhead gas not sold (fuel, flare, processing)."),
    "ngl_yield_bbl_per_mmcf": _number("NGL barrels per MMcf of wellhead gas.", minimum=0),
    "pricing": {
        "type": "string",
        "enum": ["deck", "sec"],
        "default": "deck",
        "description": "'sec': 12-month unweighted average of first-of-month prices, held "
        "flat, costs flat, 10%.",
    },
    "sec_strip": {
        "type": "object",
        "properties": {"oil": _STRIP, "gas": _STRIP},
        "additionalProperties": False,
        "description": "For SEC pricing: 12 first-of-month prices (oldest first) or dated "
        "prices per phase.",
    },
    "sec_strip_rowid": {
        "type": "integer",
        "minimum": 1,
        "description": "Row of daily or monthly benchmark prices for SEC pricing.",
    },
    "sec_period_end": {
        "type": "string",
        "description": "YYYY-MM, last month of the SEC reporting period (default: the month "
        "before the effective date).",
    },
    "not_sold": {
        "type": "array",
        "items": _PHASE,
        "maxItems": 3,
        "description": "Phases produced but not sold (no revenue).",
    },
    # interests
    "working_interest": _fraction("WI, costs share."),
    "net_revenue_interest": _fraction("NRI, revenue share."),
    "royalty": _fraction("Lessor royalty (of 8/8ths); NRI = WI x (1 - royalty - override)."),
    "overriding_royalty": _fraction("Overriding royalty (of 8/8ths)."),
    "after_payout": {
        "type": "object",
        "properties": {
            "working_interest": _FRACTION,
            "net_revenue_interest": _FRACTION,
            "royalty": _FRACTION,
            "overriding_royalty": _FRACTION,
        },
        "additionalProperties": False,
        "description": "Interests after payout (reversion).",
    },
    "reversion_timing": {"type": "string", "enum": ["next_month", "split_month"]},
    # taxes
    "severance_tax": _fraction("Severance rate of net revenue, every phase."),
    "severance_tax_oil": _fraction("Oil severance rate."),
    "severance_tax_gas": _fraction("Gas severance rate."),
    "severance_tax_ngl": _fraction("NGL severance rate."),
    "severance_oil_per_bbl": _number("Severance $ per net bbl of oil.", minimum=0),
    "severance_gas_per_mcf": _number("Severance $ per net Mcf of gas.", minimum=0),
    "severance_ngl_per_bbl": _number("Severance $ per net bbl of NGL.", minimum=0),
    "ad_valorem_tax": _fraction("Ad valorem rate of net revenue after severance."),
    "income_tax_rate": _fraction("Income-tax rate: gives the after-tax case."),
    "depreciation_years": _number(
        "Straight-line depreciation life.", exclusiveMinimum=0, maximum=50
    ),
    "intangible_fraction": _fraction("Share of capex expensed when spent (IDC)."),
    "depletion_rate": _fraction("Percentage depletion, share of net revenue."),
    "tax_losses": {"type": "string", "enum": ["offset", "carry_forward"]},
    # costs
    "fixed_opex_per_month": _number("Fixed opex, $ per well per month.", minimum=0),
    "oil_opex_per_bbl": _number("Variable opex per bbl of oil.", minimum=0),
    "gas_opex_per_mcf": _number("Variable opex per Mcf of wellhead gas.", minimum=0),
    "ngl_opex_per_bbl": _number("Variable opex per bbl of NGL.", minimum=0),
    "water_opex_per_bbl": _number("Variable opex per bbl of water.", minimum=0),
    "opex_per_boe": _number("Variable opex per BOE (6 Mcf/bbl).", minimum=0),
    "opex_escalation": _number("Annual opex escalation.", minimum=-0.5, maximum=1),
    "capex": {
        "type": "array",
        "items": _CAPEX_ITEM,
        "maxItems": 200,
        "description": "Capital spend (gross $) by month or date.",
    },
    "capex_escalation": _number(
        "Annual capex and abandonment escalation.", minimum=-0.5, maximum=1
    ),
    "abandonment_cost": _number("Gross $ to plug and abandon.", minimum=0),
    "abandonment_month": {"type": "integer", "minimum": 0},
    "abandonment_date": {"type": "string", "description": "YYYY-MM."},
    "abandonment_delay_months": {"type": "integer", "minimum": 0, "maximum": 600},
    "economic_limit": {
        "type": "string",
        "enum": ["first_negative", "last_positive", "none"],
        "description": "Where the life ends: first month of negative operating cash flow "
        "(default), after the last positive one, or the whole forecast.",
    },
    "truncate_at_economic_limit": {"type": "boolean", "default": True},
    # discounting and results
    "discount_rate": {
        "type": "number",
        "exclusiveMinimum": -1,
        "description": "Annual effective unless discount_rate_per says otherwise; default 0.10.",
    },
    "discount_rate_per": {"type": "string", "enum": ["year", "quarter", "month"]},
    "discount_rates": {
        "type": "array",
        "items": {"type": "number", "exclusiveMinimum": -1},
        "maxItems": 12,
        "description": "Extra rates for the PV profile.",
    },
    "timing": {"type": "string", "enum": ["end", "mid"], "description": "End or mid period."},
    "period": {"type": "string", "enum": ["monthly", "quarterly", "annual"]},
    "mirr_finance_rate": _number("Annual.", exclusiveMinimum=-1),
    "mirr_reinvestment_rate": _number("Annual.", exclusiveMinimum=-1),
    "breakeven_on": {
        "type": "string",
        "enum": ["oil", "gas", "ngl", "none"],
        "description": "Solve this phase's flat break-even price (its price may be left out).",
    },
    "wells": {
        "type": "array",
        "maxItems": 10000,
        "items": {
            "type": "object",
            "properties": {
                "well": {"type": "string"},
                "category": {"type": "string", "enum": ["PDP", "PDNP", "PUD", "PROB", "POSS"]},
                "risk_factor": _FRACTION,
                "working_interest": _FRACTION,
                "net_revenue_interest": _FRACTION,
                "capex": {"type": "array", "items": _CAPEX_ITEM, "maxItems": 50},
            },
            "required": ["well"],
            "additionalProperties": False,
        },
        "description": "Per-well reserves category, risk factor, interests or capex.",
    },
    "risk_factors": {
        "type": "object",
        "additionalProperties": _FRACTION,
        "description": "Risk factor by reserves category, e.g. {'PUD': 0.5}.",
    },
    "sensitivity": _number(
        "Tornado change, default 0.20 (+/-20%).", exclusiveMinimum=0, maximum=0.9
    ),
    "charts": {
        "type": "array",
        "items": {"type": "string", "enum": ["cash_flow", "tornado", "npv_vs_price"]},
        "maxItems": 3,
        "description": "Charts to draw (default: cash_flow).",
    },
    "chart": {"type": "boolean", "default": True, "description": "False: no charts."},
}

PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": PROPERTIES,
    "required": [],
    "additionalProperties": False,
}
