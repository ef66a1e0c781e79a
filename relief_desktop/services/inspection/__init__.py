"""入户核查台账: the bureau's rolls, quarterly work lists, inspections, feedback, the report."""
