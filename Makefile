# Everyday commands (the README's two set-up commands do not need make).
.PHONY: run test test-rapide lint bench demo check

run:
	bash scripts/demarrer.sh

test:
	bash scripts/tester.sh

test-rapide:  # without the AppTest and browser tests (marker slow); CI runs everything
	.venv/bin/python -m pytest -q -m "not slow"

lint:
	.venv/bin/ruff check .

demo:
	.venv/bin/python -m data.demo

check:
	.venv/bin/python -m indicators check

bench:
	.venv/bin/python bench/run_bench.py
