# A thin convenience for those who type `make`: everything is in tools/dev.py, which works without make
# (on Windows too). `make setup` = `python tools/dev.py setup`, `make test` = `python tools/dev.py test`.
PYTHON ?= python3

.PHONY: setup test lint bench

setup:
	$(PYTHON) tools/dev.py setup

test:
	$(PYTHON) tools/dev.py test

lint:
	$(PYTHON) tools/dev.py lint

bench:
	$(PYTHON) tools/dev.py bench
