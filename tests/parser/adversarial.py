"""Names built to make a backtracking parser slow, each up to 4 kB: long runs of separators,
years, brackets, dashes and tags. Shared by the timing test and bench/parser.py."""

ADVERSARIAL = [
    "a" * 4096,
    "." * 4096,
    "Movie" + ".2019" * 800,
    "Movie " + "(" * 2000 + "2019",
    "[" * 2000 + "]" * 2000,
    "Movie" + ".CD1" * 1000,
    "www." + "a." * 2000 + "com - Movie",
    "Movie" + " - " * 1300 + "2019",
    "Movie.1080p" * 370,
    "a-" * 2000 + "2019",
    "Movie (" + "a, " * 1300 + "1967)",
    "The" + ".Part.1" * 580,
    "Movie" + "[ABCD1234]" * 400,
    "german." * 580,
    " " * 4000 + "Movie 2019",
    "Movie" + " " * 4000 + "DC",
    "Трон " * 800,
    "/" * 4096,
    "a/" * 2048,
]
