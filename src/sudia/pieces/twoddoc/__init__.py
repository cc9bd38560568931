"""2D-Doc (ANTS): the signed DataMatrix printed on French bills, tax notices, RIBs and payslips."""
