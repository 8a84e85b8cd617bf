"""The command line: parse arguments, call one core function, hand the result to render."""
