"""Greenhouse-gas accounting for oil and gas: cited factor data, source methods, inventory.

``factors`` reads the published factors (``data/``); ``units`` and ``gas`` turn what an
analyst gives into the quantities the methods need; ``combustion`` and ``subpart_w`` are
the source methods; ``inventory`` sums them by scope, category, gas, facility and well;
``report`` lays an inventory out as a GHGRP-style summary; ``carbon`` prices it.
The tools that agents call are in ``agents.tools.emissions``.
"""
