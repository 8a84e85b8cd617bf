"""Operations: they take inputs and return results; they never print."""
