"""Campaigns over years (R15): a new year's campaign copied from an earlier one."""
