# Two commands: `make setup` (install + demo sheet) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup test demo lint bench

$(BIN)/handouts: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/handouts

setup: $(BIN)/handouts demo

demo: $(BIN)/handouts
	$(BIN)/handouts sheet --name "Ana Lima" --goal sleep --goal stress --therapist "Maria Costa"

# pytest exits 5 when it collects no tests; report that plainly instead of failing obscurely.
test: $(BIN)/handouts
	$(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests were collected"; fi; exit $$rc

lint: $(BIN)/handouts
	$(BIN)/ruff check handouts tests bench

bench: $(BIN)/handouts
	$(BIN)/python bench/sheets.py 200
