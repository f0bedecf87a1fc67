"""The written answers: the homework's derivations checked numerically, and the
activation figure. No stage imports it.
"""
