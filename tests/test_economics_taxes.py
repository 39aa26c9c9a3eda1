"""Severance (% and per unit, per phase), ad valorem, and the after-income-tax case."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from agents.tools.economics import cash_flow_economics
from tests.factories import tool_context


@pytest.fixture
def ctx(alice):
    return tool_context(alice)


def table_of(ctx, rowid: int) -> pd.DataFrame:
    row = ctx.conversation.rows.get(rowid=rowid)
    with row.file.open("rb") as handle:
        return pd.read_csv(io.BytesIO(handle.read()))


OIL = [2500.0, 2200.0, 1950.0, 1750.0]
GAS = [5000.0, 4600.0, 4200.0, 3900.0]


def test_severance_by_phase_in_percent_and_per_unit_and_ad_valorem(ctx):
    # "severance 4.6% oil and 7.5% gas", plus a Louisiana-style $0.10/Mcf on gas.
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gas_volumes=GAS,
        oil_price=70.0,
        gas_price=3.0,
        royalty=0.125,
        severance_tax_oil=0.046,
        severance_tax_gas=0.075,
        severance_gas_per_mcf=0.10,
        ad_valorem_tax=0.025,
        chart=False,
    )
    nri = 0.875
    severance = []
    ad_valorem = []
    for oil, gas in zip(OIL, GAS, strict=True):
        oil_net, gas_net = oil * 70.0 * nri, gas * 3.0 * nri
        tax = 0.046 * oil_net + 0.075 * gas_net + 0.10 * gas * nri
        severance.append(tax)
        ad_valorem.append(0.025 * (oil_net + gas_net - tax))
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["severance_tax"][1:], severance, rtol=1e-9)
    np.testing.assert_allclose(table["ad_valorem_tax"][1:], ad_valorem, rtol=1e-9)
    assert result["totals"]["taxes"] == pytest.approx(sum(severance) + sum(ad_valorem))


def test_one_severance_rate_applies_to_every_phase_unless_a_phase_has_its_own(ctx):
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gas_volumes=GAS,
        oil_price=70.0,
        gas_price=3.0,
        severance_tax=0.05,
        severance_tax_gas=0.07,
        chart=False,
    )
    expected = sum(0.05 * o * 70.0 + 0.07 * g * 3.0 for o, g in zip(OIL, GAS, strict=True))
    assert result["totals"]["severance_tax"] == pytest.approx(expected)


MONTHS = 36
VOLUME = [3000.0 * 0.97**k for k in range(MONTHS)]


def hand_after_tax(*, losses: str):
    price, opex, capex, intangible = 65.0, 7000.0, 1_000_000.0, 0.7
    rate, depletion_rate, life_months = 0.21, 0.15, 7 * 12
    operating = [0.0] + [v * price - opex for v in VOLUME]
    spent = [capex] + [0.0] * MONTHS
    expensed = [capex * intangible] + [0.0] * MONTHS
    depreciation = [0.0] * (MONTHS + 1)
    for month in range(1, MONTHS + 1):  # from month 1, 1/84 of the tangible share a month
        depreciation[month] = capex * (1 - intangible) / life_months
    depreciation[MONTHS] += capex * (1 - intangible) - sum(depreciation)  # written off at the end
    taxes = []
    carried = 0.0
    for month in range(MONTHS + 1):
        before = operating[month] - expensed[month] - depreciation[month]
        depletion = min(
            depletion_rate * max(operating[month] + opex * (month > 0), 0), max(before, 0)
        )
        # percentage depletion is a rate of net revenue (operating + opex here)
        taxable = before - depletion
        if losses == "offset":
            taxes.append(rate * taxable)
        else:
            income = taxable - carried
            if income > 0:
                taxes.append(rate * income)
                carried = 0.0
            else:
                taxes.append(0.0)
                carried = -income
    before_tax = [operating[m] - spent[m] for m in range(MONTHS + 1)]
    after_tax = [before_tax[m] - taxes[m] for m in range(MONTHS + 1)]
    return before_tax, after_tax, taxes


@pytest.mark.parametrize("losses", ["offset", "carry_forward"])
def test_the_after_tax_case_depreciates_expenses_depletes_and_taxes(ctx, losses):
    result = cash_flow_economics(
        ctx,
        oil_volumes=VOLUME,
        oil_price=65.0,
        fixed_opex_per_month=7000.0,
        capex=[{"month": 0, "amount": 1_000_000.0}],
        income_tax_rate=0.21,
        intangible_fraction=0.7,
        depletion_rate=0.15,
        tax_losses=losses,
        truncate_at_economic_limit=False,
        chart=False,
    )
    before_tax, after_tax, taxes = hand_after_tax(losses=losses)
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["income_tax"], taxes, rtol=1e-8, atol=1e-4)
    np.testing.assert_allclose(table["after_tax_cash_flow"], after_tax, rtol=1e-8, atol=1e-4)
    assert result["tax_basis"] == "after income tax"
    npv_after = sum(f / 1.1 ** (m / 12) for m, f in enumerate(after_tax))
    npv_before = sum(f / 1.1 ** (m / 12) for m, f in enumerate(before_tax))
    assert result["npv"] == pytest.approx(npv_after, rel=1e-10)
    assert result["after_tax"]["npv"] == pytest.approx(npv_after, rel=1e-10)
    assert result["before_tax"]["npv"] == pytest.approx(npv_before, rel=1e-10)
    assert "after income tax" in result["summary"]
    assert any("7 years straight-line" in a for a in result["assumptions"])


def test_without_a_tax_rate_the_answer_is_before_income_tax_and_tax_details_are_not_used(ctx):
    result = cash_flow_economics(
        ctx, oil_volumes=OIL, oil_price=70.0, depletion_rate=0.15, chart=False
    )
    assert result["tax_basis"] == "before income tax" and result["after_tax"] is None
    assert any(u["name"] == "depletion_rate" for u in result["not_used"])
    assert "Income-tax rate not stated: the case is before income tax" in result["assumptions"]


def test_severance_per_barrel_of_oil_and_a_rate_on_ngl(ctx):
    # "oil severance $1.50/bbl, 5% on NGLs", NGL made from gas at 80 bbl/MMcf.
    result = cash_flow_economics(
        ctx,
        oil_volumes=OIL,
        gas_volumes=GAS,
        oil_price=70.0,
        gas_price=3.0,
        ngl_yield_bbl_per_mmcf=80.0,
        ngl_price=25.0,
        net_revenue_interest=0.8,
        severance_oil_per_bbl=1.5,
        severance_tax_ngl=0.05,
        chart=False,
    )
    expected = []
    for oil, gas in zip(OIL, GAS, strict=True):
        ngl = gas / 1000.0 * 80.0
        expected.append(1.5 * oil * 0.8 + 0.05 * ngl * 25.0 * 0.8)
    table = table_of(ctx, result["cash_flow_rowid"])
    np.testing.assert_allclose(table["severance_tax"][1:], expected, rtol=1e-9)
    flows = [
        0.8 * (o * 70.0 + g * 3.0 + g / 1000.0 * 80.0 * 25.0) - s
        for o, g, s in zip(OIL, GAS, expected, strict=True)
    ]
    npv = sum(f / 1.1 ** ((m + 1) / 12) for m, f in enumerate(flows))
    assert result["npv"] == pytest.approx(npv, rel=1e-10)
