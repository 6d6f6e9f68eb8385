# Everyday commands (the README's two set-up commands do not need make).
.PHONY: run test lint bench demo check

run:
	bash scripts/demarrer.sh

test:
	bash scripts/tester.sh

lint:
	.venv/bin/ruff check .

demo:
	.venv/bin/python -m data.demo

check:
	.venv/bin/python -m indicators check

bench:
	.venv/bin/python bench/run_bench.py
