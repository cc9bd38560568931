"""Generator of fake supporting documents written by the project: identities, IDs with MRZ, bills with
a 2D-Doc signed by a test key, RIBs, tax notices, payslips, Kbis, URSSAF certificates; clean,
degraded (photo, blur, skew, JPEG, low light) and tampered. Every name, address and number is
invented (random), so the pieces are regression tests, not measures of real-world quality.
"""
