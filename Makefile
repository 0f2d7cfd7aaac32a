# The two commands of the quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit run bench eval clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m bot check
	@for q in "Wat hebben de ministers van Defensie van de NAVO woensdag beslist?" \
	          "Waar komt de battle group?" \
	          "Hoeveel Russische troepen staan aan de grens?" \
	          "Wat is het recept voor appeltaart?"; do \
	    echo; echo "\$$ python -m bot ask \"$$q\""; \
	    $(PY) -m bot ask --top-k 1 "$$q" || exit 1; \
	done

lint: $(STAMP)
	$(PY) -m ruff check bot tests benchmarks
	$(PY) -m ruff format --check bot tests benchmarks

typecheck: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -q

test: lint typecheck unit

run: $(STAMP)
	$(PY) -m bot run

eval: $(STAMP)
	$(PY) -m bot eval tests/data/questions_shared.jsonl
	$(PY) -m bot eval tests/data/questions_own.jsonl
	$(PY) -m bot eval tests/data/questions_blind.jsonl
	$(PY) -m bot eval tests/data/questions_heldout.jsonl

bench: $(STAMP)
	$(PY) benchmarks/bench_search.py
	$(PY) benchmarks/bench_discord.py
	$(PY) benchmarks/bench_reload.py
	$(PY) benchmarks/bench_memory.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
