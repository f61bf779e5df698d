# Two commands: `make run` and `make test`. Each sets itself up.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint bench eval clean reader

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# the CPU build of torch first: a bare `torch` pulls a CUDA build of several GB
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/newsbot-bot --demo

lint: $(STAMP)
	$(BIN)/ruff check index bot tests bench
	$(BIN)/mypy index

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/query.py

# the reader (index/data/reader) from the dev sets' articles and training/questions; needs ../shared
reader: $(STAMP)
	$(BIN)/python training/reader.py

clean:
	rm -rf $(VENV) data
