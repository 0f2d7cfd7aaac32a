# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-runtime

.PHONY: demo test lint typecheck unit run bench eval readme clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Runtime dependencies only (no test or lint tools): what `make demo` and `make run` need.
$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUN_STAMP)

demo: $(RUN_STAMP)
	$(PY) -m bot check
	@for q in "Wat hebben de ministers van Defensie van de NAVO woensdag beslist?" \
	          "Waar komt de battle group?" \
	          "Hoeveel Russische troepen staan aan de grens?" \
	          "Wat is het recept voor appeltaart?"; do \
	    echo; echo "\$$ python -m bot ask \"$$q\""; \
	    $(PY) -m bot ask --top-k 1 "$$q" || exit 1; \
	done

lint: $(STAMP)
	$(PY) -m ruff check bot tests benchmarks tools
	$(PY) -m ruff format --check bot tests benchmarks tools

typecheck: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -q

test: lint typecheck unit

run: $(RUN_STAMP)
	$(PY) -m bot run

eval: $(STAMP)
	$(PY) -m bot.core.eval_tables tests/data/manifest.json docs/evaluation.md

# Rewrite the README's example blocks from what the program prints now.
readme: $(STAMP)
	$(PY) -m tests.readme_examples --write

bench: $(STAMP)
	$(PY) benchmarks/bench_search.py
	$(PY) benchmarks/bench_discord.py
	$(PY) benchmarks/bench_reload.py
	$(PY) benchmarks/bench_memory.py
	$(PY) benchmarks/bench_semantic.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
