"""Language tools shared by lexical search and answer extraction."""
